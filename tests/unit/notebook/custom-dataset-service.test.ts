/** DatasetService.loadCustom: everything checked before the swap; on error the dataset in use stays loaded and usable. */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DatasetService } from '../../../src/notebook/services/dataset-service';
import { idxFile, labelsIdx } from '../data/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Node has no canvas: sheets "render" to empty PNG blobs; blob URLs are real (URL.createObjectURL). */
class FakeOffscreenCanvas {
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}
  getContext() {
    return { putImageData: () => {} };
  }
  async convertToBlob() {
    return new Blob([new Uint8Array(8)], { type: 'image/png' });
  }
}
class FakeImageData {
  constructor(
    readonly data: Uint8ClampedArray,
    readonly width: number,
    readonly height: number,
  ) {}
}
const revoked: string[] = [];
beforeEach(() => {
  vi.stubGlobal('OffscreenCanvas', FakeOffscreenCanvas);
  vi.stubGlobal('ImageData', FakeImageData);
  revoked.length = 0;
  const real = URL.revokeObjectURL.bind(URL);
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((u: string) => {
    revoked.push(u);
    real(u);
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const file = (bytes: Uint8Array, name: string) => new File([new Uint8Array(bytes)], name);

/** A File-like IDX dataset of `side`x`side` images; train image i is all (i + fill) % 256. */
function files(side: number, nTrain: number, nTest: number, fill = 0) {
  const images = (n: number) => {
    const px = new Uint8Array(n * side * side);
    for (let i = 0; i < n; i++) px.fill((i + fill) % 256, i * side * side, (i + 1) * side * side);
    return idxFile([n, side, side], px);
  };
  const labels = (n: number) => labelsIdx(Uint8Array.from({ length: n }, (_, i) => i % 10));
  return [
    file(images(nTrain), 'train-images-idx3-ubyte'),
    file(labels(nTrain), 'train-labels-idx1-ubyte'),
    file(images(nTest), 't10k-images-idx3-ubyte'),
    file(labels(nTest), 't10k-labels-idx1-ubyte'),
  ];
}

describe('DatasetService.loadCustom', () => {
  it('swaps in a valid dataset: source, counts, labels, tensors and reads of rows x cols, and a published change', async () => {
    const service = new DatasetService('http://localhost/data/');
    const before = tf.memory().numTensors;
    let changes = 0;
    service.subscribe(() => changes++);
    expect(await service.loadCustom(files(32, 30, 10), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'])).toBe(true);
    const s = service.getStatus();
    expect(s.source).toEqual({ kind: 'custom', name: 'your IDX files', rows: 32, cols: 32, classNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] });
    expect(s.phase).toBe('ready');
    expect(s.upload.state).toBe('done');
    expect(s.loaded).toEqual({ train: 30, test: 10 });
    expect(s.manifest?.splits.train.count).toBe(30);
    expect(changes).toBeGreaterThan(0);
    expect(service.tensors()?.trainImages.shape).toEqual([30, 32, 32]);
    expect(Array.from(service.labels('test') ?? [])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const px = await service.readImages('train', 3, 5);
    expect(px.length).toBe(2 * 32 * 32);
    expect([px[0], px[32 * 32]]).toEqual([3, 4]);
    expect((await service.summaries('train')).images.shape).toEqual([30, 32, 32]);
    // The gallery's sheets arrive after the swap, each in a new manifest.
    await vi.waitFor(() => expect(service.getStatus().manifest?.splits.test.sheets).toHaveLength(1));
    expect(service.getStatus().manifest?.splits.train.sheets[0].file).toMatch(/^blob:/);
    service.dispose();
    expect(tf.memory().numTensors, 'dispose frees the custom tensors').toBe(before);
    expect(revoked.length, 'and revokes the sheet URLs').toBeGreaterThan(0);
  });

  it.each([
    { what: 'a corrupt file', bad: (f: File[]) => [f[0], new File([new Uint8Array([1, 2, 3, 4, 5])], 'train-labels-idx1-ubyte'), f[2], f[3]], message: /^train-labels-idx1-ubyte: not an IDX file/ },
    { what: 'a missing split', bad: (f: File[]) => f.slice(0, 2), message: /^Missing the test images file/ },
    { what: 'a truncated gzip', bad: (f: File[]) => [f[0], f[1], new File([new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0])], 't10k-images.gz'), f[3]], message: /^t10k-images\.gz: the gzip data is corrupt or truncated/ },
  ])('keeps the dataset in use, loaded and readable, after $what', async ({ bad, message }) => {
    const service = new DatasetService('http://localhost/data/');
    expect(await service.loadCustom(files(28, 20, 10, 100))).toBe(true);
    const tensors = service.tensors();
    const source = service.getStatus().source;
    const count = tf.memory().numTensors;
    expect(await service.loadCustom(bad(files(32, 30, 10)))).toBe(false);
    const s = service.getStatus();
    expect(s.upload.state).toBe('error');
    expect(s.upload.message).toMatch(message);
    expect(s.source).toBe(source);
    expect(s.phase).toBe('ready');
    expect(service.tensors()).toEqual(tensors);
    expect(tf.memory().numTensors, 'nothing made, nothing freed').toBe(count);
    expect((await service.readImages('train', 7, 8))[0]).toBe(107);
    service.dispose();
  });

  it('replaces one custom dataset by another, freeing the first', async () => {
    const service = new DatasetService('http://localhost/data/');
    const before = tf.memory().numTensors;
    await service.loadCustom(files(28, 20, 10));
    await service.loadCustom(files(16, 40, 10));
    expect(tf.memory().numTensors - before, 'only the second dataset is held').toBe(4);
    expect(service.getStatus().source).toMatchObject({ rows: 16, cols: 16 });
    expect((await service.readImages('train', 0, 40)).length).toBe(40 * 256);
    service.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lets a later upload win over an earlier one still in progress', async () => {
    const service = new DatasetService('http://localhost/data/');
    const before = tf.memory().numTensors;
    const first = service.loadCustom(files(28, 20, 10));
    const second = service.loadCustom(files(20, 20, 10));
    expect(await first).toBe(false);
    expect(await second).toBe(true);
    expect(service.getStatus().source.rows).toBe(20);
    service.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses label names that are not one per class', async () => {
    const service = new DatasetService('http://localhost/data/');
    expect(await service.loadCustom(files(28, 20, 10), ['a', 'b'])).toBe(false);
    expect(service.getStatus().upload.message).toMatch(/expected 10 names, found 2/);
    expect(service.getStatus().source.kind).toBe('mnist');
  });
});
