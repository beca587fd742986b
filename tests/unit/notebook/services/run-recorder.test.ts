/**
 * The runs recorder against a training status and history driven as the training service drives them: a
 * run recorded from start to end (saved at its epoch ends and end, not per batch), a continued run kept in
 * the same record, a new run in a new one, outcomes, a full store as a message, rename, delete, export and
 * a bad import that changes nothing.
 */
import { describe, expect, it, vi } from 'vitest';
import { RunHistory } from '../../../../src/model/run-history';
import { runsToJson } from '../../../../src/model/run-files';
import { createMemoryRunStore } from '../../../../src/model/run-store';
import { DEFAULT_SETTINGS } from '../../../../src/model/settings';
import { outcomeOf, RunsService } from '../../../../src/notebook/services/run-recorder';
import { INITIAL_STATUS } from '../../../../src/notebook/services/training-reducer';
import type { RunInfo, TestEvaluation, TrainingStatus } from '../../../../src/notebook/services/training-types';
import { MNIST_SOURCE } from '../../../../src/notebook/services/types';

/** A training status store and history as the service keeps them, with the steps a run goes through. */
function fakeTraining() {
  let status: TrainingStatus = INITIAL_STATUS;
  const listeners = new Set<() => void>();
  const history = new RunHistory();
  const set = (patch: Partial<TrainingStatus>) => {
    status = { ...status, ...patch };
    for (const l of listeners) l();
  };
  const source = { getStatus: () => status, subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)), history, datasetSource: () => MNIST_SOURCE };
  let examples = 0;
  const steps = {
    start(settings = DEFAULT_SETTINGS, fresh = true) {
      set({ phase: 'starting' });
      if (fresh) {
        history.clear();
        examples = 0;
      }
      const run: RunInfo = { settings, trainCount: 1000, valCount: 100, batchesPerEpoch: 10, targetEpochs: settings.epochs, backend: 'webgl' };
      set({ phase: 'running', run });
    },
    batches(n: number) {
      for (let i = 0; i < n; i++) {
        examples += 64;
        history.addBatch({ type: 'batch', epoch: 1, batchInEpoch: i + 1, batchesPerEpoch: 10, batchSize: 64, examplesSeen: examples, epochProgress: examples / 1000, loss: 1 / examples, accuracy: 0.5, learningRate: 0.005, wallMs: examples, batchMs: 1 });
      }
      set({ chartsVersion: status.chartsVersion + 1, progress: { ...status.progress, examplesPerSecond: 2000 } });
    },
    epoch(epoch: number, valAccuracy: number) {
      history.addEpoch({ type: 'epoch', epoch, trainLoss: 0.5, trainAccuracy: 0.8, valLoss: 0.6, valAccuracy, valCount: 100, epochMs: 10, evalMs: 1, examplesSeen: examples, wallMs: examples, numTensors: 5 });
      const test: TestEvaluation = { when: `after epoch ${epoch}`, epoch, examplesSeen: examples, accuracy: valAccuracy, loss: 0.5, count: 100, confusion: Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 10 : 0))), perClass: Array.from({ length: 10 }, () => ({ correct: 10, total: 10, accuracy: 1 })), mistakes: [], predictions: new Uint8Array(0), labels: new Uint8Array(0) };
      set({ chartsVersion: status.chartsVersion + 1, test });
    },
    end(phase: TrainingStatus['phase'], message: TrainingStatus['message'] = null) {
      set({ phase, message });
    },
  };
  return { source, steps, history, status: () => status };
}

const settled = () => new Promise((r) => setTimeout(r, 0));

describe('RunsService', () => {
  it('records a run from start to end: settings, epochs, test result, outcome, and saves at epoch ends, never per batch', async () => {
    const { source, steps } = fakeTraining();
    const store = createMemoryRunStore();
    const put = vi.spyOn(store, 'put');
    const runs = new RunsService(store, source, () => 1_000);
    steps.start({ ...DEFAULT_SETTINGS, learningRate: 0.01 });
    const puts = () => put.mock.calls.length;
    const atStart = puts();
    steps.batches(5);
    steps.batches(5);
    expect(puts()).toBe(atStart);
    steps.epoch(1, 0.9);
    steps.batches(10);
    steps.epoch(2, 0.95);
    steps.end('done');
    await settled();
    await settled();
    const stored = await store.list();
    const [r] = stored.ok ? stored.value : [];
    expect(r.name).toBe('dense · adam 0.01 · b64 · seed 42');
    expect(r.epochs.map((e) => e.valAccuracy)).toEqual([0.9, 0.95]);
    expect(r.batchCount).toBe(20);
    expect(r.test?.accuracy).toBe(0.95);
    expect(r.outcome).toEqual({ kind: 'finished', epoch: 2 });
    expect(r.examplesPerSecond).toBe(2000);
    expect(r.params).toBe(101_770);
    expect(runs.getStatus().runs.map((x) => x.id)).toEqual([r.id]);
  });

  it('Train after the end goes on in the same record; a new model starts another', async () => {
    const { source, steps } = fakeTraining();
    const store = createMemoryRunStore();
    const runs = new RunsService(store, source);
    steps.start();
    steps.batches(3);
    steps.epoch(1, 0.8);
    steps.end('done');
    steps.start(DEFAULT_SETTINGS, false);
    steps.batches(3);
    steps.epoch(2, 0.85);
    steps.end('done');
    await settled();
    expect(runs.getStatus().runs).toHaveLength(1);
    expect(runs.getStatus().runs[0].epochs).toHaveLength(2);
    steps.start({ ...DEFAULT_SETTINGS, seed: 7 });
    steps.batches(2);
    steps.end('stopped');
    await settled();
    await settled();
    const list = runs.getStatus().runs;
    expect(list).toHaveLength(2);
    expect(list.map((r) => r.outcome.kind).sort()).toEqual(['finished', 'stopped']);
  });

  it.each([
    ['a NaN loss', 'stopped', { kind: 'nan', text: 'NaN' }, 'nan'],
    ['a lost context', 'failed', { kind: 'context-lost', text: 'lost' }, 'context-lost'],
    ['an error', 'failed', { kind: 'error', text: 'boom' }, 'failed'],
  ] as const)('tells %s apart', (_, phase, message, kind) => {
    expect(outcomeOf({ ...INITIAL_STATUS, phase, message }, 1)?.kind).toBe(kind);
  });

  it('a full store is a message, and the run goes on being recorded', async () => {
    const { source, steps } = fakeTraining();
    const store = createMemoryRunStore(10);
    const runs = new RunsService(store, source);
    steps.start();
    steps.epoch(1, 0.5);
    await settled();
    await settled();
    expect(runs.getStatus().message?.text).toMatch(/runs store is full/);
    expect(runs.getStatus().runs[0].epochs).toHaveLength(1);
  });

  it('renames (refusing an empty name), deletes, exports and refuses a bad import without changing anything', async () => {
    const { source, steps } = fakeTraining();
    const store = createMemoryRunStore();
    const runs = new RunsService(store, source);
    steps.start();
    steps.epoch(1, 0.5);
    steps.end('done');
    await settled();
    const id = runs.getStatus().runs[0].id;
    expect(await runs.rename(id, '   ')).toBe('a run needs a name');
    expect(await runs.rename(id, 'first')).toBeNull();
    expect(runs.getStatus().runs[0].name).toBe('first');
    expect(runs.csv().split('\r\n')[1]).toMatch(/^first,MNIST,dense,/);
    const before = runs.getStatus().runs;
    await runs.importJson('{"schema":"nope"}');
    expect(runs.getStatus().message).toEqual({ kind: 'error', text: expect.stringMatching(/^Nothing imported: schema: /) });
    expect(runs.getStatus().runs).toEqual(before);
    await runs.importJson(runsToJson([{ ...before[0], id: 'other', startedAt: 5 }]));
    expect(runs.getStatus().runs.map((r) => r.id).sort()).toEqual([id, 'other'].sort());
    await runs.remove([id]);
    expect(runs.getStatus().runs.map((r) => r.id)).toEqual(['other']);
    await runs.clear();
    expect(runs.getStatus().runs).toEqual([]);
  });

  it('"Run again": a run\u2019s settings back for the form (a new token each time), refused on another dataset', async () => {
    const { source, steps } = fakeTraining();
    const runs = new RunsService(createMemoryRunStore(), source);
    steps.start({ ...DEFAULT_SETTINGS, learningRate: 0.02, seed: 9 });
    steps.end('done');
    await settled();
    const id = runs.getStatus().runs[0].id;
    expect(runs.restore(id)).toBeNull();
    expect(runs.getStatus().restore).toEqual({ settings: { ...DEFAULT_SETTINGS, learningRate: 0.02, seed: 9 }, token: 1 });
    runs.restore(id);
    expect(runs.getStatus().restore?.token).toBe(2);
    const fashion = { ...source, datasetSource: () => ({ ...MNIST_SOURCE, kind: 'custom' as const, name: 'Fashion-MNIST' }) };
    const other = new RunsService(createMemoryRunStore(), fashion);
    await other.importJson(runs.json());
    expect(other.restore(id)).toMatch(/trained on MNIST \(28x28\); load that dataset first/);
    expect(other.getStatus().restore).toBeNull();
    expect(runs.settingsFor('gone')).toEqual({ ok: false, error: 'that run is no longer stored' });
  });
});
