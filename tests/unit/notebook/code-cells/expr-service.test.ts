/** The expression service on small fixture tensors (cpu backend): display data by kind, counters, ordering, no leaks. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingDataset } from '../../../../src/notebook/services/types';
import { ExprService, NOT_READY_MESSAGE } from '../../../../src/notebook/services/expr-service';
import type { CellRun } from '../../../../src/notebook/code-cells/display';

type Tensors = NonNullable<ReturnType<TrainingDataset['tensors']>>;

/** A stand-in for the dataset service: tensors() and subscribe() are all the expression service uses. */
function fakeDataset() {
  const listeners = new Set<() => void>();
  let current: Tensors | null = null;
  const dataset = {
    subscribe: (l: () => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    tensors: () => current,
  };
  return {
    dataset,
    set(t: Tensors | null) {
      current = t;
      listeners.forEach((l) => l());
    },
    listeners,
  };
}

/** 25 training images where image i has every pixel = i*10, image 0 with a diagonal of 255; labels i % 10. */
function fixtures(): Tensors {
  const pixels = new Int32Array(25 * 784);
  for (let i = 0; i < 25; i++) pixels.fill(i * 10, i * 784, (i + 1) * 784);
  for (let r = 0; r < 28; r++) pixels[r * 28 + r] = 255;
  return {
    trainImages: tf.tensor3d(pixels, [25, 28, 28], 'int32'),
    trainLabels: tf.tensor1d(Array.from({ length: 25 }, (_, i) => i % 10), 'int32'),
    testImages: tf.zeros([3, 28, 28], 'int32'),
    testLabels: tf.tensor1d([7, 2, 1], 'int32'),
  };
}

async function until(check: () => boolean): Promise<void> {
  for (let k = 0; k < 200 && !check(); k++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error('timed out');
}

const out = (run: CellRun) => run.parts.find((p) => p.type === 'out');

let tensors: Tensors;
let fake: ReturnType<typeof fakeDataset>;
let service: ExprService;

beforeAll(async () => {
  // FramePublisher coalesces to animation frames; node has none.
  globalThis.requestAnimationFrame ??= ((cb: FrameRequestCallback) => setTimeout(() => cb(0), 0) as unknown as number) as typeof requestAnimationFrame;
  globalThis.cancelAnimationFrame ??= ((id: number) => clearTimeout(id)) as typeof cancelAnimationFrame;
  await tf.setBackend('cpu');
  fake = fakeDataset();
  service = new ExprService(fake.dataset);
});

afterAll(() => {
  service.dispose();
  expect(fake.listeners.size, 'unsubscribed on dispose').toBe(0);
  for (const t of Object.values(tensors)) t.dispose();
});

describe('ExprService', () => {
  it('answers a run before the dataset is ready with a message, not a hang', async () => {
    const run = await service.run('training_images.shape');
    expect(run).toEqual({ count: 1, ok: false, parts: [{ type: 'error', text: NOT_READY_MESSAGE }] });
    expect(service.getStatus().ready).toBe(false);
  });

  it('binds the lesson names once the tensors exist', async () => {
    tensors = fixtures();
    fake.set(tensors);
    await until(() => service.getStatus().ready);
    await service.restart();
    const run = await service.run('training_images.shape');
    expect(run).toEqual({ count: 1, ok: true, parts: [{ type: 'out', value: { kind: 'text', text: '(25, 28, 28)', valueKind: 'tuple' } }] });
    expect(out(await service.run('test_labels[0]'))).toEqual({ type: 'out', value: { kind: 'text', text: '7', valueKind: 'scalar' } });
  });

  it('turns each kind of result into plain display data without leaking a tensor', async () => {
    const before = tf.memory().numTensors;

    const grid = await service.run('print(training_images[0])');
    expect(grid.parts).toHaveLength(1);
    expect(grid.parts[0].type).toBe('grid');
    const gridPixels = (grid.parts[0] as { pixels: Uint8Array }).pixels;
    expect(gridPixels).toHaveLength(784);
    expect([gridPixels[0], gridPixels[1], gridPixels[29]]).toEqual([255, 0, 255]);

    expect(out(await service.run('training_images[3]'))).toMatchObject({ value: { kind: 'image', dtype: 'uint8', range: [30, 30] } });
    expect(out(await service.run('training_images[3] / 255'))).toMatchObject({ value: { kind: 'image', dtype: 'float64' } });

    const stack = out(await service.run('training_images'));
    expect(stack).toMatchObject({ value: { kind: 'images', count: 20, total: 25 } });
    expect((stack?.type === 'out' && stack.value.kind === 'images' && stack.value.pixels.length) || 0).toBe(20 * 784);
    expect(out(await service.run('training_images[training_labels == 3]'))).toMatchObject({ value: { kind: 'images', count: 3, total: 3 } });

    const table = out(await service.run("training_images[2, 0:2, 0:3].astype('int32') + training_images[0, 0:2, 0:3]"));
    expect(table).toEqual({ type: 'out', value: { kind: 'table', rows: [['275', '20', '20'], ['20', '275', '20']], shape: [2, 3], dtype: 'int32' } });
    const wrapped = await service.run('training_images[2, 0:2, 0:3] + training_images[0, 0:2, 0:3]');
    expect(out(wrapped)).toEqual({ type: 'out', value: { kind: 'table', rows: [['19', '20', '20'], ['20', '19', '20']], shape: [2, 3], dtype: 'uint8' } });
    expect(wrapped.parts.find((p) => p.type === 'hint'), 'NumPy wraps uint8; the cell says so').toEqual({ type: 'hint', text: "uint8 wrapped around: 20 + 255 = 19 (NumPy keeps uint8 results modulo 256). Use .astype('int32') first to avoid it." });
    expect(out(await service.run('training_images[0, 0:2, 0:2] / 2'))).toMatchObject({ value: { kind: 'table', rows: [['127.5', '0.'], ['0.', '127.5']] } });

    expect(out(await service.run('training_labels[0:10]'))).toEqual({
      type: 'out',
      value: { kind: 'text', text: '[0 1 2 3 4 5 6 7 8 9]', valueKind: 'array', bars: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
    });

    const printed = await service.run('print(training_labels[0:3], 1)\nprint("done")\nNone');
    expect(printed.parts).toEqual([{ type: 'stream', text: '[0 1 2] 1\ndone\n' }]);

    const failed = await service.run('training_images[25]');
    expect(failed.ok).toBe(false);
    expect(failed.parts).toHaveLength(1);
    expect(failed.parts[0].type === 'error' && failed.parts[0].text).toMatch(/^ {4}training_images\[25\]\n {4}\s*\^+\nIndexError: index 25 is out of bounds for axis 0 with size 25$/);
    expect((await service.run('x = (')).parts[0]).toMatchObject({ type: 'error', text: expect.stringContaining('SyntaxError') });

    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps assigned names between cells, frees them on restart, and restarts the count', async () => {
    expect((await service.run('img = training_images[1]')).parts).toEqual([]);
    expect(out(await service.run('img.sum()'))).toMatchObject({ value: { text: String(784 * 10) } });
    await service.restart();
    const after = await service.run('img');
    expect(after.count).toBe(1);
    expect(after.parts[0]).toMatchObject({ type: 'error', text: expect.stringContaining("NameError: name 'img' is not defined") });
  });

  it('runs cells one at a time in the order they were sent', async () => {
    const runs = await Promise.all([service.run('a = 1'), service.run('a + 1'), service.run('a * 10')]);
    expect(runs.map((r) => r.count)).toEqual([2, 3, 4]);
    expect(runs.slice(1).map((r) => out(r))).toMatchObject([{ value: { text: '2' } }, { value: { text: '10' } }]);
    await until(() => service.getStatus().pending === 0);
  });

  it('is not ready while the dataset reloads, and binds the new tensors after', async () => {
    fake.set(null);
    expect(service.getStatus().ready).toBe(false);
    expect((await service.run('training_labels[0]')).parts).toEqual([{ type: 'error', text: NOT_READY_MESSAGE }]);
    const old = tensors;
    const next = fixtures();
    next.trainLabels.dispose();
    tensors = { ...next, trainLabels: tf.tensor1d(Array.from({ length: 25 }, () => 4), 'int32') };
    for (const t of Object.values(old)) t.dispose();
    fake.set(tensors);
    await until(() => service.getStatus().ready);
    expect(out(await service.run('training_labels[0]'))).toMatchObject({ value: { text: '4' } });
  });

  it('draws arrays of a non-28x28 dataset\'s image shape as images, stacks and grids (the shape comes from the tensors)', async () => {
    fake.set(null);
    const old = tensors;
    const px = new Int32Array(6 * 32 * 20).fill(9);
    tensors = {
      trainImages: tf.tensor3d(px, [6, 32, 20], 'int32'),
      trainLabels: tf.tensor1d([0, 1, 2, 3, 4, 5], 'int32'),
      testImages: tf.zeros([2, 32, 20], 'int32'),
      testLabels: tf.tensor1d([1, 2], 'int32'),
    };
    for (const t of Object.values(old)) t.dispose();
    fake.set(tensors);
    await until(() => service.getStatus().ready);
    const before = tf.memory().numTensors;
    expect(out(await service.run('training_images.shape'))).toMatchObject({ value: { text: '(6, 32, 20)' } });
    expect(out(await service.run('training_images[0]'))).toMatchObject({ value: { kind: 'image', rows: 32, cols: 20 } });
    const stack = out(await service.run('training_images[1:4]'));
    expect(stack).toMatchObject({ value: { kind: 'images', rows: 32, cols: 20, count: 3, total: 3 } });
    expect((stack?.type === 'out' && stack.value.kind === 'images' && stack.value.pixels.length) || 0).toBe(3 * 32 * 20);
    expect((await service.run('print(training_images[0])')).parts[0]).toMatchObject({ type: 'grid', rows: 32, cols: 20 });
    expect(out(await service.run('training_images[0, 0:28, 0:28]'))).toMatchObject({ value: { kind: 'table' } });
    expect(tf.memory().numTensors).toBe(before);
  });
});
