import * as tf from '@tensorflow/tfjs';
import { encode } from 'fast-png';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Downloads, LoadEvent } from '../../../src/data/downloads';
import { FIRST_SHEET_IMAGES, type SplitName } from '../../../src/data/format';
import { uploadMnist } from '../../../src/data/load-mnist';
import { MnistStore } from '../../../src/data/mnist-store';
import { err, ok } from '../../../src/lib/result';
import { tryDecodeSheet } from '../../../src/data/sheet-decode';
import { expectNoLeak } from '../leak';
import { firstDifference } from './fixtures';
import { servedDownloads, sheetPixels, type PreparedData } from './served-data';

let data: PreparedData;
let downloads: Downloads;
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  ({ data, downloads } = await servedDownloads(1500, 300, 61));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const COUNTS: Record<SplitName, number> = { train: 1500, test: 300 };
/** Images in the first sheet of each split (the fixture's splits are larger, so each has a later sheet too). */
const FIRST = FIRST_SHEET_IMAGES;
const ALL_MATCH = 'training_images: all 1500 pixel sums match the manifest; test_images: all 300 pixel sums match the manifest';

interface Loaded {
  store: MnistStore;
  events: LoadEvent[];
}

/**
 * Uploads `d` into a fresh store, runs `check` on the result, then disposes the store and checks
 * that every tensor the load made is gone.
 */
async function upload(d: Downloads, opts: { signal?: AbortSignal; onEvent?: (e: LoadEvent, store: MnistStore) => void }, check: (loaded: Loaded) => Promise<void> | void): Promise<void> {
  await expectNoLeak(async () => {
    const store = new MnistStore();
    const events: LoadEvent[] = [];
    try {
      await uploadMnist({
        downloads: d,
        store,
        signal: opts.signal,
        onEvent: (e) => {
          events.push(e);
          opts.onEvent?.(e, store);
        },
      });
      await check({ store, events });
    } finally {
      store.dispose();
    }
  });
}

const ofType = <T extends LoadEvent['type']>(events: LoadEvent[], type: T) => events.filter((e): e is Extract<LoadEvent, { type: T }> => e.type === type);
const imagesProgress = (events: LoadEvent[]) => ofType(events, 'images').map((e) => [e.split, e.loaded]);

/** The store holds every image and label of the fixture, as int32 tensors of the right shape. */
async function expectFixtureInStore(store: MnistStore): Promise<void> {
  for (const split of ['train', 'test'] as const) {
    const images = store.images(split);
    expect(images?.shape, `${split} images`).toEqual([COUNTS[split], 28, 28]);
    expect(images?.dtype).toBe('int32');
    expect(firstDifference(await store.readImages(split, 0, COUNTS[split]), data.fixture[split].pixels), `first wrong ${split} pixel`).toBe(-1);
    const labels = store.labels(split);
    expect(labels?.shape).toEqual([COUNTS[split]]);
    expect(firstDifference(await labels!.data(), data.fixture[split].labels), `first wrong ${split} label`).toBe(-1);
    expect(firstDifference(store.labelBytes(split)!, data.fixture[split].labels)).toBe(-1);
  }
}

/** `d` with the sheet `file` replaced by a download that resolves to `bytes` (and is decoded as the loader's downloads are). */
const withSheet = (d: Downloads, file: string, bytes: Downloads['sheets'][number]['bytes']): Downloads => ({
  ...d,
  sheets: d.sheets.map((s) => (s.sheet.file === file ? { ...s, bytes, decoded: bytes.then((r) => (r.ok ? tryDecodeSheet(r.value, s.sheet) : r)) } : s)),
});

/** `d` with the manifest's pixel sum of image `index` of `split` off by one. */
function withWrongSum(d: Downloads, split: SplitName, ...indices: number[]): Downloads {
  const sums = Uint32Array.from(d.sums[split]);
  for (const i of indices) sums[i] += 1;
  return { ...d, sums: { ...d.sums, [split]: sums } };
}

describe('uploadMnist', () => {
  it('puts every image and label of both splits in tensors', async () => {
    await upload(downloads, {}, ({ store }) => expectFixtureInStore(store));
  });

  it('reports images as sheets arrive (first sheets first), then a passed check', async () => {
    await upload(downloads, {}, ({ events }) => {
      expect(imagesProgress(events)).toEqual([
        ['train', FIRST],
        ['test', FIRST],
        ['train', 1500],
        ['test', 300],
      ]);
      expect(events.at(-1)).toEqual({ type: 'verified', ok: true, detail: ALL_MATCH });
      expect(events.map((e) => e.type).filter((t) => t !== 'images' && t !== 'verified'), 'no errors or notices').toEqual([]);
    });
  });

  it('lets the first digits be read as soon as their sheet is in, before the split is joined', async () => {
    const early: Promise<Uint8Array>[] = [];
    await upload(
      downloads,
      {
        onEvent: (e, store) => {
          if (e.type !== 'images' || e.split !== 'train' || e.loaded !== FIRST) return;
          expect(store.images('train'), 'not joined yet').toBeNull();
          expect(store.loadedPrefix('train')).toBe(FIRST);
          early.push(store.readImages('train', FIRST - 10, FIRST));
        },
      },
      async () => {
        expect(early).toHaveLength(1);
        expect(firstDifference(await early[0], data.fixture.train.pixels.subarray((FIRST - 10) * 784, FIRST * 784))).toBe(-1);
      },
    );
  });

  it('reads the gray value of a sheet saved as RGBA', async () => {
    const { width, height, data: gray } = sheetPixels(data, 'test', 0);
    const rgba = new Uint8Array(width * height * 4);
    gray.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
    const png = encode({ width, height, data: rgba, channels: 4, depth: 8 });
    await upload(withSheet(downloads, 'test-images-0.png', Promise.resolve(ok(png))), {}, async ({ events, store }) => {
      expect(ofType(events, 'verified')).toMatchObject([{ ok: true }]);
      expect(firstDifference(await store.readImages('test', 0, 300), data.fixture.test.pixels)).toBe(-1);
    });
  });

  it.each([
    { split: 'train' as const, indices: [1234], says: 'training_images: 1 of 1500 images differ from the manifest (first: training_images[1234])' },
    { split: 'train' as const, indices: [FIRST - 1], says: `training_images: 1 of 1500 images differ from the manifest (first: training_images[${FIRST - 1}])` },
    { split: 'train' as const, indices: [1400, FIRST + 1], says: `training_images: 2 of 1500 images differ from the manifest (first: training_images[${FIRST + 1}])` },
    { split: 'test' as const, indices: [0], says: 'test_images: 1 of 300 images differ from the manifest (first: test_images[0])' },
  ])('fails the check, naming the image, when the manifest disagrees about $split $indices', async ({ split, indices, says }) => {
    await upload(withWrongSum(downloads, split, ...indices), {}, ({ events, store }) => {
      const [verified] = ofType(events, 'verified');
      expect(verified).toMatchObject({ ok: false });
      expect(verified.detail).toContain(says);
      const other = split === 'train' ? 'test_images: all 300 pixel sums match' : 'training_images: all 1500 pixel sums match';
      expect(verified.detail).toContain(other);
      expect(store.images(split)?.shape, 'the images are still joined, for inspection').toEqual([COUNTS[split], 28, 28]);
    });
  });
});

describe('uploadMnist reports a failed download or decode as an error event', () => {
  const DATA_FIX = /npm run prepare-data/;

  it.each([
    { file: 'train-images-0.png', before: [] },
    { file: 'test-images-0.png', before: [['train', FIRST]] },
    { file: 'train-images-1.png', before: [['train', FIRST], ['test', FIRST]] },
    { file: 'test-images-1.png', before: [['train', FIRST], ['test', FIRST], ['train', 1500]] },
  ])('a checksum mismatch in $file, after the sheets before it', async ({ file, before }) => {
    const message = `${file}: checksum mismatch (expected SHA-256 0123456789ab…, found ba9876543210…); the file is corrupt or from another build`;
    await upload(withSheet(downloads, file, Promise.resolve(err(message))), {}, ({ events }) => {
      expect(imagesProgress(events)).toEqual(before);
      expect(events.at(-1)).toEqual({ type: 'error', message, fix: expect.stringMatching(DATA_FIX) });
      expect(ofType(events, 'verified')).toHaveLength(0);
    });
  });

  it('a sheet that is not a PNG', async () => {
    const bytes = Promise.resolve(ok(new TextEncoder().encode('<!doctype html>')));
    await upload(withSheet(downloads, 'train-images-1.png', bytes), {}, ({ events }) => {
      const [error] = ofType(events, 'error');
      expect(error.message).toBe('train-images-1.png: not a PNG image (its first bytes are not the PNG signature)');
      expect(error.fix).toMatch(DATA_FIX);
      expect(ofType(events, 'verified')).toHaveLength(0);
    });
  });

  it('labels that failed to download', async () => {
    const labels = { ...downloads.labels, test: Promise.resolve(err<Uint8Array>('test-labels.u8: the server answered 404 Not Found (file not found)')) };
    await upload({ ...downloads, labels }, {}, ({ events }) => {
      expect(events.at(-1)).toEqual({ type: 'error', message: 'test-labels.u8: the server answered 404 Not Found (file not found)', fix: expect.stringMatching(DATA_FIX) });
      expect(ofType(events, 'verified')).toHaveLength(0);
    });
  });

  it('a cancelled load stops before the next sheet', async () => {
    const controller = new AbortController();
    await upload(downloads, { signal: controller.signal, onEvent: (e) => e.type === 'images' && controller.abort() }, ({ events }) => {
      expect(imagesProgress(events)).toEqual([['train', FIRST]]);
      expect(ofType(events, 'error').map((e) => e.message)).toEqual(['loading was cancelled']);
    });
  });
});
