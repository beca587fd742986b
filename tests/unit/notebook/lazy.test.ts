/** The services' lazy loader: one import for many loads, shared while pending, and a retry after a failed import. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { lazyModule, lazyModules, loadTf } from '../../../src/notebook/services/lazy';

/** An import that the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('lazyModule', () => {
  it('imports once for many loads, before and after it resolves', async () => {
    const load = vi.fn(async () => ({ answer: 42 }));
    const get = lazyModule(load);
    expect(load).not.toHaveBeenCalled();
    const first = await get();
    expect(first).toEqual({ answer: 42 });
    for (let i = 0; i < 5; i++) expect(await get()).toBe(first);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('gives concurrent calls the one pending promise', async () => {
    const pending = deferred<string>();
    const load = vi.fn(() => pending.promise);
    const get = lazyModule(load);
    const calls = [get(), get(), get()];
    expect(calls[1]).toBe(calls[0]);
    expect(calls[2]).toBe(calls[0]);
    pending.resolve('module');
    expect(await Promise.all(calls)).toEqual(['module', 'module', 'module']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('forgets a failed import, so the next call imports again and can succeed', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('Failed to fetch dynamically imported module')).mockResolvedValue('module');
    const get = lazyModule(load as () => Promise<string>);
    const failed = get();
    // Concurrent calls during the failing import share its failure.
    expect(get()).toBe(failed);
    await expect(failed).rejects.toThrow('Failed to fetch');
    await expect(get()).resolves.toBe('module');
    await expect(get()).resolves.toBe('module');
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe('lazyModules', () => {
  it('loads several modules together into one record, once', async () => {
    const a = vi.fn(async () => 'a');
    const b = vi.fn(async () => 2);
    const get = lazyModules({ a, b });
    const [first, second] = await Promise.all([get(), get()]);
    expect(first).toEqual({ a: 'a', b: 2 });
    expect(second).toBe(first);
    expect(await get()).toBe(first);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
  });

  it('fails when one module fails and tries again on the next call; a shared loader that succeeded is not imported again', async () => {
    const sharedImport = vi.fn(async () => 'tf');
    const shared = lazyModule(sharedImport);
    const flaky = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue('factory');
    const get = lazyModules({ tf: shared, factory: flaky as () => Promise<string> });
    await expect(get()).rejects.toThrow('offline');
    await expect(get()).resolves.toEqual({ tf: 'tf', factory: 'factory' });
    expect(flaky).toHaveBeenCalledTimes(2);
    expect(sharedImport).toHaveBeenCalledTimes(1);
  });
});

describe('loadTf', () => {
  it('is TensorFlow.js, the same module every time', async () => {
    const loaded = await loadTf();
    expect(loaded.tensor).toBe(tf.tensor);
    expect(await loadTf()).toBe(loaded);
  });
});
