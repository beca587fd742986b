import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer, epsilonFor, optimizerEpsilon, optimizerLearningRate } from '../../../src/model/optimizer';
import { CNN_PRESET, DENSE_PRESET } from '../../../src/model/presets';
import {
  DEFAULT_SETTINGS,
  OPTIMIZERS,
  mergeSettingsQuery,
  settingsFromQuery,
  settingsToQuery,
  settingsToText,
  trainingCount,
  validateSettingsText,
  type SettingsField,
  type SettingsText,
  type TrainingSettings,
} from '../../../src/model/settings';
import { expectNoLeak } from '../leak';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const VALID: SettingsText = {
  optimizer: 'adam',
  learningRate: '0.001',
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
      batchSize: 64,
      epochs: 3,
      subsetSize: 10000,
      validation: { kind: 'split', fraction: 0.1 },
      seed: 42,
    });
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

describe('settings in the URL', () => {
  const custom: TrainingSettings = {
    model: { layers: [{ kind: 'conv2d', filters: 8, kernelSize: 5, activation: 'tanh' }, { kind: 'maxPool', poolSize: 2 }, { kind: 'flatten' }, { kind: 'dense', units: 10, activation: 'softmax' }] },
    optimizer: 'momentum',
    learningRate: 0.05,
    batchSize: 128,
    epochs: 5,
    subsetSize: 5000,
    validation: { kind: 'test' },
    seed: 1234567,
  };

  it.each([
    { name: 'the defaults', settings: DEFAULT_SETTINGS, query: '' },
    { name: 'the cnn preset and a small lr', settings: { ...DEFAULT_SETTINGS, model: CNN_PRESET, learningRate: 1e-7 }, query: '?model=cnn&lr=1e-7' },
    { name: 'a custom model and every setting changed', settings: custom, query: '?model=conv_8_5_tanh-pool_2-flatten-dense_10_softmax&opt=momentum&lr=0.05&batch=128&epochs=5&subset=5000&val=test&seed=1234567' },
    { name: 'a split fraction', settings: { ...DEFAULT_SETTINGS, validation: { kind: 'split' as const, fraction: 0.25 } }, query: '?val=0.25' },
  ])('round-trips $name', ({ settings, query }) => {
    expect(settingsToQuery(settings)).toBe(query);
    const back = settingsFromQuery(query);
    expect(back.ignored).toEqual([]);
    expect(back.settings).toEqual({ ...settings, model: expect.objectContaining({ layers: [...settings.model.layers] }) });
    expect(settingsToQuery(back.settings)).toBe(query);
  });

  it('replaces bad values by defaults and says why', () => {
    const { settings, ignored } = settingsFromQuery('?model=dense_5_softmax&opt=nadam&lr=abc&batch=-3&epochs=2.5&subset=12&val=0.9&seed=x');
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(ignored.map((i) => i.param)).toEqual(['model', 'opt', 'lr', 'batch', 'epochs', 'subset', 'val', 'seed']);
    expect(ignored[0].reason).toMatch(/last layer has 5 units/);
    expect(ignored[2]).toEqual({ param: 'lr', value: 'abc', reason: "'abc' is not a number" });
  });

  it('keeps the good values next to bad ones', () => {
    const { settings, ignored } = settingsFromQuery('?model=cnn&lr=100&seed=9');
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, model: CNN_PRESET, seed: 9 });
    expect(ignored).toEqual([{ param: 'lr', value: '100', reason: expect.stringMatching(/too large/) }]);
  });

  it('shrinks a batch the subset cannot fill', () => {
    const { settings, ignored } = settingsFromQuery('?subset=1000&batch=4000');
    expect(settings.batchSize).toBe(64);
    expect(ignored).toEqual([{ param: 'batch', value: '4000', reason: expect.stringMatching(/larger than the 900 training images/) }]);
  });

  it('merges into a query that holds the notebook parameters, leaving them alone', () => {
    const merged = mergeSettingsQuery('?split=test&i=5&lr=0.5&filter=3', { ...DEFAULT_SETTINGS, model: DENSE_PRESET, epochs: 4 });
    const params = new URLSearchParams(merged);
    expect(params.get('split')).toBe('test');
    expect(params.get('i')).toBe('5');
    expect(params.get('filter')).toBe('3');
    expect(params.get('lr')).toBeNull();
    expect(params.get('epochs')).toBe('4');
    expect(mergeSettingsQuery('', DEFAULT_SETTINGS)).toBe('');
  });

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
