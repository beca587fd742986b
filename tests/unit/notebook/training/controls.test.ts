import { describe, expect, it } from 'vitest';
import { DENSE_PRESET } from '../../../../src/model/presets';
import { CNN_WITH_DROPOUT } from '../../model/fixtures';
import { DEFAULT_SETTINGS } from '../../../../src/model/settings';
import { controlsFor, formatDuration, formatRate, type ControlsInput } from '../../../../src/notebook/training/controls';
import { fitToKeras, modelToKeras } from '../../../../src/notebook/training/python';

const base: ControlsInput = { phase: 'idle', formValid: true, datasetReady: true, hasModel: false, continues: false, canContinueFromCheckpoint: false };
const enabled = (input: Partial<ControlsInput>) => {
  const c = controlsFor({ ...base, ...input });
  return (['train', 'pause', 'resume', 'step', 'stop', 'reset', 'continueFromCheckpoint'] as const).filter((k) => c[k].enabled);
};

describe('controlsFor', () => {
  it.each([
    [{ phase: 'idle' }, ['train']],
    [{ phase: 'idle', formValid: false }, []],
    [{ phase: 'idle', datasetReady: false }, []],
    [{ phase: 'starting', hasModel: true }, []],
    [{ phase: 'running', hasModel: true }, ['pause', 'stop']],
    [{ phase: 'paused', hasModel: true }, ['resume', 'step', 'stop']],
    [{ phase: 'stopping', hasModel: true }, []],
    [{ phase: 'stopped', hasModel: true, continues: true }, ['train', 'reset']],
    [{ phase: 'done', hasModel: true }, ['train', 'reset']],
    [{ phase: 'failed', hasModel: true, canContinueFromCheckpoint: true }, ['train', 'reset', 'continueFromCheckpoint']],
  ] as [Partial<ControlsInput>, string[]][])('%j enables %j', (input, want) => {
    expect(enabled(input)).toEqual(want);
  });

  it('labels Train by what it will do and says why it is disabled', () => {
    expect(controlsFor(base).train.label).toBe('Train');
    expect(controlsFor({ ...base, phase: 'stopped', hasModel: true, continues: true }).train.label).toBe('Continue training');
    expect(controlsFor({ ...base, phase: 'done', hasModel: true }).train.label).toBe('Train new model');
    expect(controlsFor({ ...base, formValid: false }).train.hint).toMatch(/settings/);
    expect(controlsFor({ ...base, datasetReady: false }).train.hint).toMatch(/dataset/);
  });

  it('locks the form and allows a live learning rate only while a run is in flight', () => {
    expect(controlsFor({ ...base, phase: 'running' })).toMatchObject({ formLocked: true, liveLearningRate: true });
    expect(controlsFor({ ...base, phase: 'paused' })).toMatchObject({ formLocked: true, liveLearningRate: true });
    expect(controlsFor({ ...base, phase: 'stopped' })).toMatchObject({ formLocked: false, liveLearningRate: false });
  });
});

describe('formatDuration and formatRate', () => {
  it.each([
    [null, '—'],
    [-5, '—'],
    [Number.NaN, '—'],
    [0, '0:00'],
    [7_400, '0:07'],
    [242_000, '4:02'],
    [3_909_000, '1:05:09'],
  ])('formatDuration(%s) = %s', (ms, want) => expect(formatDuration(ms)).toBe(want));

  it.each([
    [null, '—'],
    [Number.POSITIVE_INFINITY, '—'],
    [12.345, '12.3'],
    [2480.4, '2,480'],
    [123456, '123,456'],
  ])('formatRate(%s) = %s', (rate, want) => expect(formatRate(rate)).toBe(want));
});

describe('the Keras code a run mirrors', () => {
  it('writes the Dense preset as Flatten + two Dense layers', () => {
    expect(modelToKeras(DENSE_PRESET)).toEqual([
      'model = tf.keras.Sequential([',
      '    tf.keras.layers.Flatten(input_shape=(28, 28)),',
      "    tf.keras.layers.Dense(128, activation='relu'),",
      "    tf.keras.layers.Dense(10, activation='softmax'),",
      '])',
    ]);
  });

  it('writes a CNN with a channel reshape, conv/pool blocks and the dropout after its dense layer', () => {
    const lines = modelToKeras(CNN_WITH_DROPOUT);
    expect(lines[1]).toContain('Reshape((28, 28, 1)');
    expect(lines).toContain("    tf.keras.layers.Conv2D(16, 5, activation='relu'),");
    expect(lines).toContain('    tf.keras.layers.MaxPooling2D(2),');
    const dense = lines.indexOf("    tf.keras.layers.Dense(128, activation='relu'),");
    expect(lines[dense + 1]).toBe('    tf.keras.layers.Dropout(0.5),');
  });

  it('writes compile and fit with the settings, a seeded subset and the validation choice', () => {
    // The defaults: cosine from 0.005 over 60,000 minus 10% held out = 54,000 in batches of 64, 844 steps an epoch.
    expect(fitToKeras(DEFAULT_SETTINGS)).toEqual([
      'lr = tf.keras.optimizers.schedules.CosineDecayRestarts(0.005, first_decay_steps=844, t_mul=1.0, m_mul=0.5)',
      "model.compile(optimizer=tf.keras.optimizers.Adam(lr), loss='sparse_categorical_crossentropy', metrics=['accuracy'])",
      'model.fit(training_images / 255, training_labels, epochs=3, batch_size=64, validation_split=0.1)',
    ]);
    const small = fitToKeras({ ...DEFAULT_SETTINGS, optimizer: 'momentum', learningRate: 0.05, schedule: 'constant', subsetSize: 2000, validation: { kind: 'test' }, seed: 9 });
    expect(small[0]).toContain('SGD(0.05, momentum=0.9)');
    expect(small[1]).toBe('subset = np.random.default_rng(9).permutation(len(training_images))[:2000]');
    expect(small[2]).toBe('model.fit(training_images[subset] / 255, training_labels[subset], epochs=3, batch_size=64, validation_data=(test_images / 255, test_labels))');
  });

  it('writes the cosine schedule as the Keras schedule it computes, stepped per batch of the training part', () => {
    // 60,000 minus 10% held out = 54,000 in batches of 64: 844 steps an epoch.
    const lines = fitToKeras({ ...DEFAULT_SETTINGS, learningRate: 0.004, schedule: 'cosine' });
    expect(lines[0]).toBe('lr = tf.keras.optimizers.schedules.CosineDecayRestarts(0.004, first_decay_steps=844, t_mul=1.0, m_mul=0.5)');
    expect(lines[1]).toContain('optimizer=tf.keras.optimizers.Adam(lr)');
    const sgd = fitToKeras({ ...DEFAULT_SETTINGS, optimizer: 'momentum', schedule: 'cosine', subsetSize: 2000, validation: { kind: 'test' }, batchSize: 32 });
    expect(sgd[0]).toContain('first_decay_steps=63,');
    expect(sgd[1]).toContain('SGD(lr, momentum=0.9)');
  });
});
