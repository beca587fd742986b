import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { AccuracyCheck, BenchStatus } from '../../../bench/record';
import { RunRecorder, type RunSetup } from '../../../bench/recorder';

const SETUP: RunSetup = {
  pipeline: 'reference',
  model: 'classic-convnet',
  params: 25_578,
  backend: 'webgl',
  optimizer: 'rmsprop',
  learningRate: 0.001,
  schedule: 'constant',
  batchSize: 320,
  trainCount: 960,
  epochs: 1,
  evalEvery: 640,
  prepMs: 12,
};

const check = (examples: number, atEpochEnd: boolean): AccuracyCheck => ({ examples, epochs: examples / 960, trainMs: 1234.4, accuracy: 0.98765, count: 10_000, evalMs: 56.6, atEpochEnd });

describe('RunRecorder', () => {
  let page: { __benchStatus?: BenchStatus };
  let console_: MockInstance<(...args: unknown[]) => void>;
  beforeEach(() => {
    page = {};
    vi.stubGlobal('window', page);
    console_ = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    console_.mockRestore();
  });

  it('keeps the first and last batch, publishes progress and says when a check is due', () => {
    const recorder = new RunRecorder(640);
    recorder.start();
    const due = [320, 640, 960].map((examples) => recorder.batch(examples));
    expect(due).toEqual([false, true, false]);
    expect(page.__benchStatus).toEqual({ state: 'training', examples: 960 });
    const record = recorder.record(SETUP);
    expect(record.firstBatch?.examples).toBe(320);
    expect(record.lastBatch?.examples).toBe(960);
    expect(record.lastBatch!.trainMs).toBeGreaterThanOrEqual(record.firstBatch!.trainMs);
  });

  it('has no batch points before any batch', () => {
    const record = new RunRecorder(640).record(SETUP);
    expect(record.firstBatch).toBeNull();
    expect(record.lastBatch).toBeNull();
    expect(record.checks).toEqual([]);
  });

  it('logs checks with the lines the bench script forwards, marking epoch ends', () => {
    const recorder = new RunRecorder(640);
    recorder.check(check(640, false));
    recorder.check(check(960, true));
    expect(console_.mock.calls.map(([line]) => line)).toEqual([
      '[bench] check at 640 examples: 98.77% (train clock 1234 ms, eval 57 ms)',
      '[bench] check at 960 examples (epoch end): 98.77% (train clock 1234 ms, eval 57 ms)',
    ]);
    expect(recorder.record(SETUP).checks.map((c) => c.atEpochEnd)).toEqual([false, true]);
  });

  it('assembles the record: the setup first, then the training window, evaluation windows and notes', () => {
    const recorder = new RunRecorder(640);
    recorder.start();
    recorder.clock.open();
    recorder.clock.close();
    recorder.notes.push('a note');
    recorder.end();
    const record = recorder.record(SETUP);
    expect(Object.keys(record)).toEqual([...Object.keys(SETUP), 'firstBatch', 'lastBatch', 'checks', 'epochEnds', 'trainWindow', 'evalWindows', 'notes']);
    expect(record).toMatchObject(SETUP);
    const [from, to] = record.trainWindow;
    expect(to).toBeGreaterThanOrEqual(from);
    expect(from).toBeGreaterThan(0);
    expect(record.evalWindows).toHaveLength(1);
    expect(record.evalWindows[0][0]).toBeGreaterThanOrEqual(from);
    expect(record.notes).toEqual(['a note']);
  });
});
