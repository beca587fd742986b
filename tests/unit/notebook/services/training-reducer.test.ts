/** The trainer's events -> the panel's status, without tensors or timers. */
import { describe, expect, it } from 'vitest';
import type { EvaluationResult } from '../../../../src/model/evaluate';
import type { BatchEvent, EpochEvent, TrainerEvent } from '../../../../src/model/events';
import { DEFAULT_SETTINGS } from '../../../../src/model/settings';
import {
  datasetChangeOf,
  epochResources,
  INITIAL_STATUS,
  reduceTrainerEvent,
  runStartPatch,
  testPatch,
  Throughput,
  type EventContext,
} from '../../../../src/notebook/services/training-reducer';
import type { TrainingStatus } from '../../../../src/notebook/services/training-types';
import { MNIST_SOURCE } from '../../../../src/notebook/services/types';

const RUN = { settings: { ...DEFAULT_SETTINGS, epochs: 2 }, trainCount: 1000, valCount: 100, batchesPerEpoch: 10, targetEpochs: 2, backend: 'cpu' };
const RUNNING: TrainingStatus = { ...INITIAL_STATUS, phase: 'running', run: RUN };
const CTX: EventContext = { offset: { examples: 0, epochs: 0, timeMs: 0 }, examplesPerSecond: null, lastEvalMs: 0, lostContext: false, memory: { numTensors: 40, numBytes: 4000, numBytesInGPU: null }, checkpointEpoch: null };

function batch(examplesSeen: number, wallMs: number): BatchEvent {
  return { type: 'batch', epoch: 1, batchInEpoch: examplesSeen / 100, batchesPerEpoch: 10, batchSize: 100, examplesSeen, epochProgress: examplesSeen / 1000, loss: 1, accuracy: 0.5, learningRate: 0.01, wallMs, batchMs: 10 };
}

function result(accuracy: number): EvaluationResult {
  const labels = Uint8Array.from([0, 1, 2, 3]);
  const predictions = Uint8Array.from([0, 1, 2, 1]);
  return { count: 4, accuracy, loss: 0.5, confusion: [], perClass: [], labels, predictions, confidences: Float32Array.from([0.9, 0.8, 0.7, 0.99]) };
}

function epochEvent(extra: Partial<EpochEvent> = {}): EpochEvent {
  return { type: 'epoch', epoch: 1, trainLoss: 0.5, trainAccuracy: 0.8, valLoss: 0.4, valAccuracy: 0.85, valCount: 100, epochMs: 1000, evalMs: 100, examplesSeen: 1000, wallMs: 1100, numTensors: 40, ...extra };
}

describe('reduceTrainerEvent', () => {
  it('maps trainer states to phases, keeping the phase on idle and disposed', () => {
    const state = (s: string) => ({ type: 'state', state: s, previous: 'running' }) as TrainerEvent;
    expect(reduceTrainerEvent(RUNNING, state('paused'), CTX)).toEqual({ patch: { phase: 'paused' }, publish: 'now' });
    expect(reduceTrainerEvent(RUNNING, state('disposed'), CTX).patch).toEqual({ phase: 'running' });
    expect(reduceTrainerEvent(RUNNING, state('idle'), CTX).patch).toEqual({ phase: 'running' });
  });

  it('stages batch progress with the throughput and the time left, in a continued run\'s absolute counters', () => {
    const { patch, publish } = reduceTrainerEvent(RUNNING, batch(500, 5000), { ...CTX, examplesPerSecond: 100, lastEvalMs: 2000 });
    expect(publish).toBe('staged');
    // 1,500 examples left at 100/s, plus the evaluations at the ends of epochs 1 and 2 (2 s each).
    expect(patch.progress).toMatchObject({ epoch: 1, batchInEpoch: 5, epochFraction: 0.5, runFraction: 0.25, examplesSeen: 500, etaMs: 15_000 + 2 * 2000, wallMs: 5000 });
    expect(patch.chartsVersion).toBe(RUNNING.chartsVersion + 1);
    const continued = reduceTrainerEvent({ ...RUNNING, run: { ...RUN, targetEpochs: 4 } }, batch(500, 5000), { ...CTX, offset: { examples: 2000, epochs: 2, timeMs: 30_000 } });
    expect(continued.patch.progress).toMatchObject({ epoch: 3, examplesSeen: 2500, wallMs: 35_000, runFraction: 2.5 / 4, etaMs: null });
  });

  it('an epoch: memory per epoch with a leak warning when tensors grew, its test evaluation, and the watched sample\'s history', () => {
    const first = reduceTrainerEvent(RUNNING, epochEvent({ test: result(0.75), sample: { split: 'test', index: 7, probabilities: [1] } }), { ...CTX, checkpointEpoch: 1 }).patch;
    expect(first.resources).toMatchObject({ numTensors: 40, perEpoch: [{ epoch: 1, numTensors: 40 }], warning: null });
    expect(first.test).toMatchObject({ when: 'after epoch 1', accuracy: 0.75, mistakes: [{ index: 3, label: 3, predicted: 1 }] });
    expect(first.testHistory).toEqual([{ epoch: 1, examplesSeen: 1000, accuracy: 0.75 }]);
    expect(first.checkpointEpoch).toBe(1);
    expect(first.sample).toEqual({ split: 'test', index: 7, probabilities: [1], history: [{ epoch: 1, probabilities: [1] }], pending: false });
    const after = { ...RUNNING, ...first } as TrainingStatus;
    const second = reduceTrainerEvent(after, epochEvent({ epoch: 2, examplesSeen: 2000, numTensors: 41, sample: { split: 'test', index: 7, probabilities: [2] } }), CTX).patch;
    expect(second.resources?.warning).toBe('Tensors alive grew from 40 after epoch 1 to 41 after epoch 2: something is leaking.');
    expect(second.sample?.history).toEqual([{ epoch: 1, probabilities: [1] }, { epoch: 2, probabilities: [2] }]);
    expect(second, 'no test evaluation: the last one stays').not.toHaveProperty('test');
    const other = reduceTrainerEvent(after, epochEvent({ epoch: 2, sample: { split: 'train', index: 7, probabilities: [3] } }), CTX).patch;
    expect(other.sample?.history, 'another sample starts its own history').toEqual([{ epoch: 2, probabilities: [3] }]);
  });

  it('says what to do after a NaN or an error, and stays quiet on errors of a lost context', () => {
    const nan = reduceTrainerEvent(RUNNING, { type: 'nan', message: 'The loss became NaN', loss: NaN, learningRate: 1, epoch: 1, batchInEpoch: 2, examplesSeen: 64, restoredTo: null }, CTX);
    expect(nan.patch.message).toEqual({ kind: 'nan', text: 'The loss became NaN' });
    const error: TrainerEvent = { type: 'error', message: 'Training stopped: boom' };
    expect(reduceTrainerEvent(RUNNING, error, CTX).patch.message?.text).toBe('Training stopped: boom. The weights of the last finished epoch are kept; press Train to continue or Reset to start over.');
    expect(reduceTrainerEvent(RUNNING, error, { ...CTX, lostContext: true }).patch).toEqual({});
    const done = reduceTrainerEvent(RUNNING, { type: 'done', epochs: 2, examplesSeen: 2000, wallMs: 1 }, CTX).patch;
    expect(done.progress).toMatchObject({ runFraction: 1, epochFraction: 1, etaMs: 0 });
  });
});

describe('the other pure pieces', () => {
  it('Throughput: null until two batches, then examples per second over the window', () => {
    const t = new Throughput();
    t.add(100, 1000);
    expect(t.rate()).toBeNull();
    t.add(300, 2000);
    expect(t.rate()).toBe(200);
    for (let i = 3; i < 40; i++) t.add(i * 100, i * 1000);
    expect(t.rate(), 'a window of the last 30 batches').toBeCloseTo(100);
    t.clear();
    expect(t.rate()).toBeNull();
  });

  it('testPatch replaces the history point at the same position; epochResources keeps an older warning', () => {
    const s = { ...RUNNING, testHistory: [{ epoch: 1, examplesSeen: 1000, accuracy: 0.5 }] };
    expect(testPatch(s, result(0.6), 'at stop', 1, 1000).testHistory).toEqual([{ epoch: 1, examplesSeen: 1000, accuracy: 0.6 }]);
    const r = epochResources({ numTensors: 1, numBytes: 1, numBytesInGPU: null, perEpoch: [], warning: 'old' }, null, 3, 5);
    expect(r).toEqual({ numTensors: 0, numBytes: 0, numBytesInGPU: null, perEpoch: [{ epoch: 3, numTensors: 5, numBytes: 0, numBytesInGPU: null }], warning: 'old' });
  });

  it('runStartPatch: fresh, from a checkpoint, from a loaded model', () => {
    const before = { ...RUNNING, testHistory: [{ epoch: 1, examplesSeen: 1, accuracy: 0.1 }, { epoch: 3, examplesSeen: 3, accuracy: 0.3 }], resumable: { epoch: 1, targetEpochs: 2, savedAt: 0, model: 'dense', dataset: 'MNIST', blocked: null } };
    const fresh = runStartPatch(before, RUN, null, true);
    expect(fresh).toMatchObject({ phase: 'starting', testHistory: [], message: null, checkpointEpoch: null, resumable: before.resumable });
    expect(runStartPatch(before, RUN, null, false).resumable).toBeNull();
    const continued = runStartPatch(before, RUN, { epoch: 2 }, true);
    expect(continued).toMatchObject({ checkpointEpoch: 2, resumable: null, testHistory: [{ epoch: 1, examplesSeen: 1, accuracy: 0.1 }] });
    expect(continued.message?.text).toBe('Continuing from the weights of epoch 2 on the cpu backend.');
    expect(runStartPatch(before, RUN, { epoch: 0 }, true).message?.text).toBe("Training on from the loaded model's weights.");
  });

  it('datasetChangeOf tells another dataset from the same one reloaded', () => {
    const a = {};
    expect(datasetChangeOf(MNIST_SOURCE, a, MNIST_SOURCE, a, false)).toBeNull();
    expect(datasetChangeOf(MNIST_SOURCE, a, { ...MNIST_SOURCE, rows: 32 }, a, false)).toBe('other');
    expect(datasetChangeOf(MNIST_SOURCE, a, MNIST_SOURCE, {}, false)).toBe('reloaded');
    expect(datasetChangeOf(MNIST_SOURCE, a, MNIST_SOURCE, {}, true), 'new tensors after a lost context are not a reload').toBeNull();
    expect(datasetChangeOf(MNIST_SOURCE, a, MNIST_SOURCE, null, false)).toBeNull();
  });
});
