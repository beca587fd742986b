import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MnistDataset, type DatasetEvent } from '../../../src/data/dataset';
import type { Downloads } from '../../../src/data/downloads';
import type { SplitName } from '../../../src/data/format';
import { err, ok } from '../../../src/lib/result';
import { expectNoLeak } from '../leak';
import { cpuClassMeans, firstDifference } from './fixtures';
import { servedDownloads, type PreparedData } from './served-data';

let data: PreparedData;
let downloads: Downloads;
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  ({ data, downloads } = await servedDownloads(1500, 300, 71));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const COUNTS: Record<SplitName, number> = { train: 1500, test: 300 };

/**
 * Loads the fixture into a fresh dataset on the cpu backend, runs `body`, disposes the dataset and
 * checks that every tensor it made is gone.
 */
async function withLoadedDataset(body: (dataset: MnistDataset, events: DatasetEvent[]) => Promise<void> | void): Promise<void> {
  await expectNoLeak(async () => {
    const dataset = new MnistDataset();
    const events: DatasetEvent[] = [];
    try {
      await dataset.load(Promise.resolve(ok(downloads)), (e) => events.push(e), 'cpu');
      await body(dataset, events);
    } finally {
      dataset.dispose();
    }
  });
}


describe('MnistDataset.load on the cpu backend (1,500 train + 300 test)', () => {
  it('reports the backend first, with a notice, then a passed check', async () => {
    await withLoadedDataset((dataset, events) => {
      expect(events[0]).toEqual({ type: 'backend', choice: { backend: 'cpu', notice: 'Running on the cpu backend, as requested.' } });
      expect(dataset.backend).toEqual({ backend: 'cpu', notice: 'Running on the cpu backend, as requested.' });
      expect(tf.getBackend()).toBe('cpu');
      const verified = events.filter((e) => e.type === 'verified');
      expect(verified).toEqual([{ type: 'verified', ok: true, detail: expect.stringContaining('training_images: all 1500 pixel sums match') }]);
      expect(events.at(-1)?.type).toBe('verified');
      expect(events.filter((e) => e.type === 'error' || e.type === 'context-lost')).toEqual([]);
    });
  });

  it("hands out each split's image bytes with its tensors: what the tensors hold, the fixture's pixels", async () => {
    await withLoadedDataset(async (dataset) => {
      const t = dataset.tensors();
      expect(t, 'both splits in tensors').not.toBeNull();
      for (const [split, images, bytes] of [['train', t!.trainImages, t!.trainImageBytes], ['test', t!.testImages, t!.testImageBytes]] as const) {
        expect(bytes?.length, `${split} bytes`).toBe(COUNTS[split] * 784);
        expect(firstDifference(bytes!, data.fixture[split].pixels), `first ${split} byte off the fixture`).toBe(-1);
        expect(firstDifference(await images.data(), bytes!), `first ${split} tensor item off the bytes`).toBe(-1);
      }
    });
  });

  it('reads back the source images of both splits', async () => {
    await withLoadedDataset(async (dataset) => {
      expect(dataset.loaded('train')).toBe(1500);
      expect(dataset.loaded('test')).toBe(300);
      expect(firstDifference(await dataset.readImages('train', 0, 1500), data.fixture.train.pixels)).toBe(-1);
      expect(firstDifference(await dataset.readImages('test', 290, 300), data.fixture.test.pixels.subarray(290 * 784))).toBe(-1);
    });
  });

  it.each(['train', 'test'] as const)('describes the %s tensors: shape, dtype, size, bytes and value range', async (split) => {
    const n = COUNTS[split];
    const labels = data.fixture[split].labels;
    await withLoadedDataset(async (dataset) => {
      expect(await dataset.facts(split)).toEqual({
        images: { shape: [n, 28, 28], dtype: 'int32', size: n * 784, bytes: n * 784 * 4, min: 0, max: data.fixture[split].pixels.reduce((a, b) => Math.max(a, b), 0) },
        labels: { shape: [n], dtype: 'int32', size: n, bytes: n * 4, min: labels.reduce((a, b) => Math.min(a, b), 9), max: labels.reduce((a, b) => Math.max(a, b), 0) },
      });
    });
  });

  it.each(['train', 'test'] as const)('computes the mean image of each digit in %s once, equal to a CPU mean', async (split) => {
    const want = cpuClassMeans(data.fixture[split].pixels, data.fixture[split].labels);
    await withLoadedDataset(async (dataset) => {
      const first = dataset.classMeans(split);
      expect(dataset.classMeans(split), 'the second call gets the same computation').toBe(first);
      const means = await first;
      expect(means).toHaveLength(10 * 784);
      let worst = 0;
      for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs(means[k] - want[k]));
      expect(worst, 'largest difference from the CPU mean').toBeLessThan(1e-3);
    });
  });

  it('counts the bytes of its tensors (4 per int32 element) and reports tf.memory()', async () => {
    await withLoadedDataset((dataset) => {
      const memory = dataset.memory();
      expect(memory.datasetBytes).toBe((1500 + 300) * (784 + 1) * 4);
      expect(memory.numTensors).toBe(tf.memory().numTensors);
      expect(memory.numBytes).toBe(tf.memory().numBytes);
      expect(memory.numBytes).toBeGreaterThanOrEqual(memory.datasetBytes);
      expect(memory.numBytesInGPU, 'no GPU on the cpu backend').toBeNull();
    });
  });

  it('frees every tensor on dispose, and reads nothing afterwards', async () => {
    await expectNoLeak(async () => {
      const dataset = new MnistDataset();
      await dataset.load(Promise.resolve(ok(downloads)), () => {}, 'cpu');
      await dataset.classMeans('test');
      expect(dataset.memory().datasetBytes).toBeGreaterThan(0);
      dataset.dispose();
      expect(dataset.memory().datasetBytes).toBe(0);
      expect(await dataset.facts('train')).toBeNull();
      expect(dataset.loaded('train')).toBe(0);
    });
  });

  it('frees everything when disposed in the middle of loading', async () => {
    await expectNoLeak(async () => {
      const dataset = new MnistDataset();
      const events: DatasetEvent[] = [];
      await dataset.load(
        Promise.resolve(ok(downloads)),
        (e) => {
          events.push(e);
          if (e.type === 'images') dataset.dispose();
        },
        'cpu',
      );
      expect(events.filter((e) => e.type === 'images')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'verified')).toEqual([]);
      expect(dataset.loaded('train')).toBe(0);
    });
  });
});

describe('MnistDataset before or without data', () => {
  it('reports failed downloads as an error telling how to regenerate the data, and holds no tensors', async () => {
    await expectNoLeak(async () => {
      const dataset = new MnistDataset();
      const events: DatasetEvent[] = [];
      try {
        await dataset.load(Promise.resolve(err('manifest.json: the server answered 404 Not Found (file not found)')), (e) => events.push(e), 'cpu');
        expect(events.map((e) => e.type)).toEqual(['backend', 'error']);
        expect(events[1]).toEqual({ type: 'error', message: 'manifest.json: the server answered 404 Not Found (file not found)', fix: expect.stringContaining('npm run prepare-data') });
        expect(await dataset.facts('train')).toBeNull();
        await expect(dataset.classMeans('train')).rejects.toThrow('train is not loaded yet');
        expect(dataset.memory().datasetBytes).toBe(0);
        await expect(dataset.readImages('test', 0, 1)).rejects.toMatchObject({ code: 'NOT_LOADED' });
      } finally {
        dataset.dispose();
      }
    });
  });
});
