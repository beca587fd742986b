/** The training service's parts on their own: the staged status, the checkpoint sync, the loaded-model holder. */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoredCheckpoint } from '../../../../src/model/checkpoint';
import type { LoadedModelInfo } from '../../../../src/model/model-io';
import { err, ok, type Result } from '../../../../src/lib/result';
import { CheckpointSync, resumeBlocked, resumeOffer } from '../../../../src/notebook/services/checkpoint-sync';
import { LoadedModelHolder, loadedModelMessage } from '../../../../src/notebook/services/loaded-model';
import { StagedStatus } from '../../../../src/notebook/services/staged-status';
import { MNIST_SOURCE } from '../../../../src/notebook/services/types';
import { installAnimationFrame } from '../training/fake-dataset';
import { expectNoLeak } from '../../leak';
import { TINY_DENSE } from '../../model/fixtures';

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
