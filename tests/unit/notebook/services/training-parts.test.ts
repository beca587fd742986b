/** The training service's parts on their own: the staged status, the checkpoint sync and its flows, the loaded-model holder. */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoredCheckpoint } from '../../../../src/model/checkpoint';
import type { LoadedModelInfo } from '../../../../src/model/model-io';
import { err, ok, type Result } from '../../../../src/lib/result';
import { checkpointRecord, CheckpointSync, resumeBlocked, resumeOffer, StoredCheckpoints } from '../../../../src/notebook/services/checkpoint-sync';
import { RunHistory } from '../../../../src/model/run-history';
import { INITIAL_STATUS } from '../../../../src/notebook/services/training-reducer';
import type { TrainingStatus } from '../../../../src/notebook/services/training-types';
import type { TrainingDataset } from '../../../../src/notebook/services/types';
import { LoadedModelHolder, loadedModelMessage } from '../../../../src/notebook/services/loaded-model';
import { StagedStatus } from '../../../../src/notebook/services/staged-status';
import { MNIST_SOURCE } from '../../../../src/notebook/services/types';
import { installAnimationFrame } from '../training/fake-dataset';
import { expectNoLeak } from '../../leak';
import { TINY_DENSE, tinySettings } from '../../model/fixtures';

beforeAll(async () => {
  installAnimationFrame();
  await tf.setBackend('cpu');
  await tf.ready();
});

afterEach(() => vi.useRealTimers());

describe('StagedStatus', () => {
  it('publishes an update at once when asked, merging what was staged first so the newer patch wins', () => {
    const s = new StagedStatus({ a: 0, b: 0 }, 200);
    const seen: unknown[] = [];
    s.subscribe(() => seen.push(s.get()));
    s.stage({ a: 1, b: 1 });
    expect(s.get(), 'staged: not applied yet').toEqual({ a: 0, b: 0 });
    s.update({ b: 2 }, true);
    expect(seen).toEqual([{ a: 1, b: 2 }]);
  });

  it('applies staged patches by a trailing timer at most every interval, merged', () => {
    vi.useFakeTimers();
    vi.advanceTimersByTime(1000);
    const s = new StagedStatus({ n: 0 }, 200);
    s.stage({ n: 1 });
    s.stage({ n: 2 });
    vi.advanceTimersByTime(0);
    expect(s.get()).toEqual({ n: 2 });
    s.stage({ n: 3 });
    vi.advanceTimersByTime(150);
    expect(s.get(), 'the next one waits for the interval').toEqual({ n: 2 });
    vi.advanceTimersByTime(60);
    expect(s.get()).toEqual({ n: 3 });
    s.stage({ n: 4 });
    s.replace({ n: 9 });
    vi.advanceTimersByTime(1000);
    expect(s.get(), 'replace drops what was staged').toEqual({ n: 9 });
  });
});

const RECORD = { version: 1, savedAt: 5, settings: {}, dataset: { name: 'MNIST', rows: 28, cols: 28 }, epoch: 2, examplesSeen: 640, targetEpochs: 4 } as unknown as StoredCheckpoint;

/** A store whose save can be held open, to race a discard against it. */
function memoryStore(initial: unknown = null) {
  let value: unknown = initial;
  let release: (() => void) | null = null;
  let hold = false;
  const calls: string[] = [];
  return {
    calls,
    holdSaves: () => (hold = true),
    finishSave: () => release?.(),
    get value() {
      return value;
    },
    load: async (): Promise<Result<unknown>> => (calls.push('load'), ok(value)),
    save: async (c: StoredCheckpoint): Promise<Result<void>> => {
      calls.push('save');
      if (hold) await new Promise<void>((r) => (release = r));
      value = c;
      return c.epoch === 99 ? err('the disk is full') : ok(undefined);
    },
    clear: async (): Promise<Result<void>> => (calls.push('clear'), (value = null), ok(undefined)),
  };
}

describe('CheckpointSync', () => {
  it('discards a damaged record it reads (nothing offered) and says nothing when no store is given', async () => {
    const store = memoryStore({ version: 1, epoch: 'x' });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const sync = new CheckpointSync(store);
    expect(await sync.read(() => true)).toBeNull();
    await Promise.resolve();
    expect(store.calls).toEqual(['load', 'clear']);
    expect(warn.mock.calls[0][0]).toMatch(/^Discarding the saved checkpoint: /);
    warn.mockRestore();
    const none = new CheckpointSync(null);
    expect(none.enabled).toBe(false);
    expect(await none.read(() => true)).toBeNull();
    expect(await none.save(RECORD)).toBeNull();
  });

  it('a save still in flight when the checkpoint is discarded clears itself; a refused save says why', async () => {
    const store = memoryStore();
    const sync = new CheckpointSync(store);
    store.holdSaves();
    const saving = sync.save(RECORD);
    await Promise.resolve();
    await sync.discard();
    store.finishSave();
    expect(await saving).toBeNull();
    expect(store.value, 'the late write did not outlive the discard').toBeNull();
    const refused = new CheckpointSync(memoryStore());
    expect(await refused.save({ ...RECORD, epoch: 99 })).toBe('the disk is full');
  });

  it('offers the checkpoint until taken, and blocks a resume on another dataset', () => {
    expect(resumeBlocked(RECORD, MNIST_SOURCE)).toBeNull();
    expect(resumeBlocked(RECORD, { ...MNIST_SOURCE, name: 'Fashion' })).toBe('it was trained on MNIST, and Fashion is in use');
    const offer = resumeOffer({ ...RECORD, settings: { model: { layers: [{ kind: 'flatten' }, { kind: 'dense', units: 10, activation: 'softmax' }] } } } as unknown as StoredCheckpoint, MNIST_SOURCE);
    expect(offer).toMatchObject({ epoch: 2, targetEpochs: 4, savedAt: 5, dataset: 'MNIST', blocked: null });
  });
});

describe('StoredCheckpoints', () => {
  const dataset = (name: string): TrainingDataset => ({ subscribe: () => () => {}, getStatus: () => ({ phase: 'ready', contextLost: false, source: { ...MNIST_SOURCE, name } }), tensors: () => null, memoryNow: () => null }) as unknown as TrainingDataset;
  const flows = (store: ReturnType<typeof memoryStore>, name = 'MNIST') => {
    const status = new StagedStatus<TrainingStatus>(INITIAL_STATUS, 200);
    const history = new RunHistory();
    return { status, history, stored: new StoredCheckpoints(store, { store: status, dataset: dataset(name), history }) };
  };
  const RUN = { settings: tinySettings({ epochs: 4 }), trainCount: 320, valCount: 80, batchesPerEpoch: 10, targetEpochs: 4, backend: 'cpu' };
  /** A record as a run saves it (so it reads back as valid). */
  const SAVED = checkpointRecord(RUN, MNIST_SOURCE, { epoch: 2, examplesSeen: 640, weights: [{ name: 'w', shape: [2], values: new Float32Array([1, 2]) }] }, new RunHistory(), [{ epoch: 2, examplesSeen: 640, accuracy: 0.9 }], 5);

  it('offers what an earlier page saved, resumes it with its test curve, and no longer offers it', async () => {
    const { status, stored } = flows(memoryStore(SAVED));
    await stored.offer(() => true);
    expect(status.get().resumable).toMatchObject({ epoch: 2, targetEpochs: 4, dataset: 'MNIST', blocked: null });
    const c = stored.takeForResume();
    expect(c?.epoch).toBe(2);
    expect(status.get().resumable).toBeNull();
    expect(status.get().testHistory).toEqual(SAVED.testHistory);
    expect(stored.takeForResume(), 'taken once').toBeNull();
  });

  it('says why it cannot resume on another dataset and keeps the offer; a discard withdraws it; a refused save is said', async () => {
    const store = memoryStore(SAVED);
    const { status, stored } = flows(store, 'Fashion');
    await stored.offer(() => true);
    expect(stored.takeForResume()).toBeNull();
    expect(status.get().message?.text).toBe('Cannot resume: it was trained on MNIST, and Fashion is in use.');
    expect(status.get().resumable?.blocked).toBe('it was trained on MNIST, and Fashion is in use');
    await stored.discard();
    expect(status.get().resumable).toBeNull();
    expect(store.value).toBeNull();
    await stored.persist({ epoch: 1, examplesSeen: 10, weights: [] });
    expect(store.calls, 'no run: nothing to save').not.toContain('save');
    status.update({ run: RUN });
    await stored.persist({ epoch: 99, examplesSeen: 10, weights: [] });
    expect(status.get().message?.text).toBe('The checkpoint of epoch 99 could not be kept in the browser (the disk is full); training goes on.');
  });
});

describe('LoadedModelHolder', () => {
  const info = (spec: LoadedModelInfo['spec']): LoadedModelInfo => ({ layers: ['Dense 10 softmax'], params: 7850, inputShape: [null, 28, 28], outputShape: [null, 10], spec, specProblem: spec ? null : 'it has a Lambda layer', metadata: null });

  it('owns the model: a second hold disposes the first, dispose frees it, release lets it go undisposed', async () => {
    await expectNoLeak(async () => {
      const holder = new LoadedModelHolder();
      const first = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
      const second = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
      holder.hold({ model: first, info: info(null) }, 'a');
      holder.hold({ model: second, info: info(TINY_DENSE) }, 'b');
      expect(holder.name).toBe('b');
      expect(holder.rename('a', 'c')).toBe(false);
      expect(holder.rename('b', 'c')).toBe(true);
      expect(holder.name).toBe('c');
      holder.dispose();
      expect(holder.model).toBeNull();
      const third = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
      holder.hold({ model: third, info: info(null) }, 'd');
      expect(holder.release()).toBe('d');
      expect(holder.model).toBeNull();
      third.dispose();
    });
  });

  it('trains on only with its own layer list, and says so when loaded', () => {
    const holder = new LoadedModelHolder();
    expect(loadedModelMessage('mine', info(null))).toBe("Loaded 'mine' (Dense 10 softmax). It is evaluation-only here: it has a Lambda layer.");
    expect(loadedModelMessage('mine', info(TINY_DENSE))).toMatch(/^Loaded 'mine' \(Dense 10 softmax\)\. Train trains on from its weights with its layer list \(.+\)\.$/);
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    holder.hold({ model, info: info(TINY_DENSE) }, 'x');
    expect(holder.trainsOnWith({ model: TINY_DENSE } as never)).toBe(true);
    expect(holder.trainsOnWith({ model: { layers: [] } } as never)).toBe(false);
    holder.dispose();
  });
});
