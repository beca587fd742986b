import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer, epsilonFor, optimizerEpsilon, optimizerLearningRate } from '../../../src/model/optimizer';
import { CNN_PRESET } from '../../../src/model/presets';
import {
  DEFAULT_SETTINGS,
  OPTIMIZERS,
  settingsToText,
  trainingCount,
  validateSettingsText,
  type SettingsField,
  type SettingsText,
} from '../../../src/model/settings';
import { expectNoLeak } from '../leak';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const VALID: SettingsText = {
  optimizer: 'adam',
  learningRate: '0.001',
  schedule: 'constant',
  batchSize: '64',
  epochs: '3',
  subsetSize: '10000',
  validation: 'split',
  validationFraction: '0.1',
  seed: '42',
};

describe('validateSettingsText', () => {
  it('parses a valid form into settings, with no messages', () => {
    const { errors, settings } = validateSettingsText(VALID, { model: CNN_PRESET });
    expect(errors).toEqual({});
    expect(settings).toEqual({
      model: CNN_PRESET,
      optimizer: 'adam',
      learningRate: 0.001,
      schedule: 'constant',
      batchSize: 64,
      epochs: 3,
      subsetSize: 10000,
      validation: { kind: 'split', fraction: 0.1 },
      seed: 42,
    });
  });

  it('reads the schedule case-insensitively, refuses an unknown one, and takes a form without one as the default', () => {
    expect(validateSettingsText({ ...VALID, schedule: ' Cosine ' }).settings?.schedule).toBe('cosine');
    expect(validateSettingsText({ ...VALID, schedule: 'linear' }).errors).toEqual({ schedule: 'schedule must be one of constant, cosine' });
    const saved: Partial<SettingsText> = { ...VALID };
    delete saved.schedule;
    expect(validateSettingsText(saved).settings?.schedule).toBe(DEFAULT_SETTINGS.schedule);
  });

  it('accepts the test split for validation and ignores the fraction then', () => {
    const { errors, settings } = validateSettingsText({ ...VALID, validation: 'test', validationFraction: 'whatever' });
    expect(errors).toEqual({});
    expect(settings?.validation).toEqual({ kind: 'test' });
  });

  it.each<{ name: string; field: SettingsField; value: string; message: string }>([
    { name: 'empty', field: 'learningRate', value: '', message: 'enter a number for learning rate' },
    { name: 'not a number', field: 'learningRate', value: 'abc', message: "'abc' is not a number" },
    { name: 'NaN typed', field: 'batchSize', value: 'NaN', message: "'NaN' is not a number" },
    { name: 'Infinity typed', field: 'epochs', value: 'Infinity', message: "'Infinity' is not a number" },
    { name: 'lr zero', field: 'learningRate', value: '0', message: 'learning rate must be greater than 0' },
    { name: 'lr negative', field: 'learningRate', value: '-0.1', message: 'learning rate must be greater than 0' },
    { name: 'lr above the bound', field: 'learningRate', value: '50', message: 'learning rate 50 is too large; use at most 10 (0.001 suits adam and rmsprop, 0.01 to 0.1 suits sgd)' },
    { name: 'batch zero', field: 'batchSize', value: '0', message: 'batch size must be at least 1' },
    { name: 'batch negative', field: 'batchSize', value: '-5', message: 'batch size must be at least 1' },
    { name: 'batch not an integer', field: 'batchSize', value: '12.5', message: 'batch size 12.5 is not a whole number' },
    { name: 'epochs not an integer', field: 'epochs', value: '1.5', message: 'epochs 1.5 is not a whole number' },
    { name: 'epochs zero', field: 'epochs', value: '0', message: 'epochs must be at least 1' },
    { name: 'epochs too many', field: 'epochs', value: '1000', message: 'epochs must be from 1 to 100' },
    { name: 'subset too small', field: 'subsetSize', value: '500', message: 'subset size must be from 1,000 to 60,000' },
    { name: 'subset too large', field: 'subsetSize', value: '70000', message: 'subset size must be from 1,000 to 60,000' },
    { name: 'subset not an integer', field: 'subsetSize', value: '1000.5', message: 'subset size 1000.5 is not a whole number' },
    { name: 'fraction zero', field: 'validationFraction', value: '0', message: 'validation fraction must be greater than 0 and at most 0.5 (0.1 holds out 10% of the subset)' },
    { name: 'fraction above 0.5', field: 'validationFraction', value: '0.6', message: 'validation fraction must be greater than 0 and at most 0.5 (0.1 holds out 10% of the subset)' },
    { name: 'fraction not a number', field: 'validationFraction', value: '10%', message: "'10%' is not a number" },
    { name: 'unknown optimizer', field: 'optimizer', value: 'adagrad', message: 'optimizer must be one of sgd, momentum, adam, rmsprop' },
    { name: 'unknown validation', field: 'validation', value: 'none', message: 'validation must be split (hold out part of the subset) or test (the 10,000 test images)' },
    { name: 'negative seed', field: 'seed', value: '-1', message: 'seed must be from 0 to 4,294,967,295' },
    { name: 'fractional seed', field: 'seed', value: '1.5', message: 'seed 1.5 is not a whole number' },
  ])('$name: $field = $value', ({ field, value, message }) => {
    const { errors, settings } = validateSettingsText({ ...VALID, [field]: value });
    expect(errors).toEqual({ [field]: message });
    expect(settings).toBeNull();
  });

  it('refuses a batch larger than the training part of the subset, naming both numbers', () => {
    const split = validateSettingsText({ ...VALID, subsetSize: '1000', batchSize: '950' });
    expect(split.errors).toEqual({ batchSize: 'batch size 950 is larger than the 900 training images (a subset of 1,000 minus 10% held out); use at most 900' });
    const test = validateSettingsText({ ...VALID, subsetSize: '1000', batchSize: '1001', validation: 'test' });
    expect(test.errors).toEqual({ batchSize: 'batch size 1,001 is larger than the subset of 1,000 images; use at most 1,000' });
    expect(validateSettingsText({ ...VALID, subsetSize: '1000', batchSize: '900' }).errors).toEqual({});
  });

  it('reports every wrong field at once, and the model', () => {
    const { errors, settings } = validateSettingsText({ ...VALID, learningRate: 'x', batchSize: '0', seed: '' }, { model: { layers: [] } });
    expect(Object.keys(errors).sort()).toEqual(['batchSize', 'learningRate', 'model', 'seed']);
    expect(errors.model).toMatch(/no layers/);
    expect(settings).toBeNull();
  });

  it('caps the subset at the training images loaded', () => {
    expect(validateSettingsText({ ...VALID, subsetSize: '20000' }, { maxSubset: 10000 }).errors).toEqual({ subsetSize: 'subset size must be from 1,000 to 10,000' });
  });

  it('accepts what settingsToText writes', () => {
    const { settings } = validateSettingsText(settingsToText(DEFAULT_SETTINGS));
    expect(settings).toEqual(DEFAULT_SETTINGS);
  });
});

describe('the training count', () => {
  it('computes the training count the way the form and the trainer do', () => {
    expect(trainingCount(1000, { kind: 'split', fraction: 0.1 })).toBe(900);
    expect(trainingCount(1001, { kind: 'split', fraction: 0.25 })).toBe(751);
    expect(trainingCount(1000, { kind: 'test' })).toBe(1000);
  });
});

describe('createOptimizer', () => {
  it.each(OPTIMIZERS)('%s: reports and changes its learning rate, and disposes what it made', async (name) => {
    await expectNoLeak(() => {
      const handle = createOptimizer(name, 0.01);
      expect(handle.name).toBe(name);
      expect(handle.learningRate).toBe(0.01);
      expect(optimizerLearningRate(handle.optimizer)).toBe(0.01);
      handle.setLearningRate(0.2);
      expect(handle.learningRate).toBe(0.2);
      expect(optimizerLearningRate(handle.optimizer)).toBe(0.2);
      handle.dispose();
    });
  });

  it.each([
    { backend: 'cpu', float32: true, want: 1e-7 },
    { backend: 'webgl', float32: true, want: 1e-7 },
    { backend: 'webgl', float32: false, want: 1e-4 },
  ])('picks epsilon $want on $backend (float32 tensors: $float32)', ({ backend, float32, want }) => {
    expect(epsilonFor(backend, float32)).toBe(want);
  });

  it.each(['adam', 'rmsprop'] as const)('%s: takes the epsilon it is given, by default the backend\'s (1e-7 on cpu)', async (name) => {
    await expectNoLeak(() => {
      expect(optimizerEpsilon()).toBe(1e-7);
      const handle = createOptimizer(name, 0.001, 1e-5);
      expect(handle.optimizer.getConfig()['epsilon']).toBe(1e-5);
      handle.dispose();
    });
  });

  it.each(OPTIMIZERS)('%s: an update after setLearningRate uses the new rate', async (name) => {
    // One plain sgd step moves w by exactly -lr * grad; for the others check the step size scales with lr.
    const stepSize = (lr: number, changeTo?: number) =>
      tf.tidy(() => {
        const w = tf.variable(tf.scalar(1));
        const handle = createOptimizer(name, lr);
        if (changeTo !== undefined) handle.setLearningRate(changeTo);
        handle.optimizer.minimize(() => w.square() as tf.Scalar, false, [w]);
        const moved = 1 - w.dataSync()[0];
        handle.dispose();
        w.dispose();
        return moved;
      });
    await expectNoLeak(() => {
      const direct = stepSize(0.02);
      const changed = stepSize(0.01, 0.02);
      expect(changed).toBeCloseTo(direct, 6);
      expect(stepSize(0.01)).not.toBeCloseTo(direct, 6);
      if (name === 'sgd') expect(direct).toBeCloseTo(0.02 * 2, 6);
    });
  });
});
