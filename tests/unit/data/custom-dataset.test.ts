/** The learner's dataset in tensors (cpu backend): shapes, reads, means, sheets, and nothing leaked or left unrevoked. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CustomDataset, packTiles, planCustomSheets, MAX_SHEET_SIDE } from '../../../src/data/custom-dataset';
import { tryLoadIdxFiles, type CustomIdxData } from '../../../src/data/custom-idx';
import { locateImage } from '../../../src/data/format';
import { expectNoLeak } from '../leak';
import { idxFile, labelsIdx } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const ROWS = 12;
const COLS = 9;
/** Image i of a split has every pixel = (i * 3 + seed) % 256, so a read tells which image it came from. */
function images(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n * ROWS * COLS);
  for (let i = 0; i < n; i++) out.fill((i * 3 + seed) % 256, i * ROWS * COLS, (i + 1) * ROWS * COLS);
  return out;
}

async function fixture(nTrain = 250, nTest = 40): Promise<CustomIdxData> {
  const r = await tryLoadIdxFiles([
    { name: 'kmnist-train-imgs', bytes: idxFile([nTrain, ROWS, COLS], images(nTrain, 0)) },
    { name: 'kmnist-train-labels', bytes: labelsIdx(Uint8Array.from({ length: nTrain }, (_, i) => i % 10)) },
    { name: 'kmnist-test-imgs', bytes: idxFile([nTest, ROWS, COLS], images(nTest, 1)) },
    { name: 'kmnist-test-labels', bytes: labelsIdx(Uint8Array.from({ length: nTest }, (_, i) => (i * 7) % 10)) },
  ]);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** A renderer that records the sheets it was given, and a revoker that records revocations. */
function fakeUrls() {
  const rendered: { gray: Uint8Array; width: number; height: number; url: string }[] = [];
  const revoked: string[] = [];
  return {
    rendered,
    revoked,
    render: async (gray: Uint8Array, width: number, height: number) => {
      const url = `blob:http://localhost/sheet-${rendered.length}`;
      rendered.push({ gray, width, height, url });
      return url;
    },
    revoke: (url: string) => revoked.push(url),
  };
}

describe('CustomDataset', () => {
  it('holds images [n, rows, cols] and labels [n] int32, reads them back, and frees everything on dispose', async () => {
    const data = await fixture();
    const urls = fakeUrls();
    await expectNoLeak(async () => {
      const ds = await CustomDataset.create(data, urls);
      try {
        await ds.renderSheets(() => {});
        const t = ds.tensors()!;
        expect(t.trainImages.shape).toEqual([250, ROWS, COLS]);
        expect(t.trainImages.dtype).toBe('int32');
        expect(t.testLabels.shape).toEqual([40]);
        expect(t.testLabels.dtype).toBe('int32');
        expect(ds.loaded('train')).toBe(250);
        const read = await ds.readImages('train', 5, 8);
        expect(read.length).toBe(3 * ROWS * COLS);
        expect([read[0], read[ROWS * COLS], read[2 * ROWS * COLS]]).toEqual([15, 18, 21]);
        expect(Array.from(await ds.readImagesFromTensors('train', 0, 250)), 'the tensors hold the same bytes').toEqual(Array.from(await ds.readImages('train', 0, 250)));
        expect(Array.from(await ds.readImagesFromTensors('test', 0, 40))).toEqual(Array.from(await ds.readImages('test', 0, 40)));
        expect((await ds.readImages('test', 39, 40))[0]).toBe((39 * 3 + 1) % 256);
        await expect(ds.readImages('test', 39, 41)).rejects.toThrow(RangeError);
        const facts = await ds.facts('train');
        expect(facts?.images).toMatchObject({ shape: [250, ROWS, COLS], dtype: 'int32', min: 0, max: 255 });
        expect(facts?.labels).toMatchObject({ shape: [250], min: 0, max: 9 });
        expect(ds.memory().datasetBytes).toBe((250 + 40) * (ROWS * COLS + 1) * 4);
      } finally {
        ds.dispose();
      }
    });
    expect(urls.revoked.sort()).toEqual(urls.rendered.map((r) => r.url).sort());
  });

  it('computes the mean image of each class over rows x cols pixels', async () => {
    const data = await fixture();
    const ds = await CustomDataset.create(data, fakeUrls());
    try {
      const means = await expectNoLeak(() => ds.classMeans('train'));
      expect(means.length).toBe(10 * ROWS * COLS);
      // Class 0 holds images 0, 10, ..., 240: mean of (30k % 256) over k = 0..24.
      const want = Array.from({ length: 25 }, (_, k) => (30 * k) % 256).reduce((a, b) => a + b, 0) / 25;
      expect(means[0]).toBeCloseTo(want, 3);
      expect(means[ROWS * COLS - 1]).toBeCloseTo(want, 3);
    } finally {
      ds.dispose();
    }
  });

  it('describes its sheets like the MNIST manifest, drawn one at a time after the tensors, so sprite users find each image', async () => {
    const data = await fixture(250, 40);
    const urls = fakeUrls();
    const ds = await CustomDataset.create(data, urls);
    try {
      expect(ds.manifest.splits.train.sheets, 'no sheets before renderSheets').toEqual([]);
      expect(urls.rendered).toHaveLength(0);
      const seen: number[] = [];
      await ds.renderSheets((m) => seen.push(m.splits.train.sheets.length + m.splits.test.sheets.length));
      expect(seen).toEqual([1, 2]);
      const train = ds.manifest.splits.train;
      expect(train).toMatchObject({ count: 250, imageRows: ROWS, imageCols: COLS, classCounts: [25, 25, 25, 25, 25, 25, 25, 25, 25, 25] });
      expect(ds.manifest.source.name).toBe('kmnist');
      const at = locateImage(train.sheets, 123)!;
      const sheet = urls.rendered[at.sheet];
      expect(train.sheets[at.sheet].file).toBe(sheet.url);
      // The tile's top-left pixel in the rendered sheet is image 123's value.
      expect(sheet.gray[at.y * sheet.width + at.x]).toBe((123 * 3) % 256);
      expect(sheet.gray[(at.y + ROWS - 1) * sheet.width + at.x + COLS - 1]).toBe((123 * 3) % 256);
    } finally {
      ds.dispose();
    }
  });

  it('keeps the sheets it made when one cannot be rendered, and revokes them on dispose', async () => {
    const data = await fixture();
    const revoked: string[] = [];
    let n = 0;
    await expectNoLeak(async () => {
      const ds = await CustomDataset.create(data, {
        render: async () => {
          if (n++ === 1) throw new Error('no canvas');
          return 'blob:first';
        },
        revoke: (u) => revoked.push(u),
      });
      await expect(ds.renderSheets(() => {})).rejects.toThrow('no canvas');
      expect(ds.manifest.splits.train.sheets.map((s) => s.file)).toEqual(['blob:first']);
      expect(ds.tensors(), 'the tensors stay usable').not.toBeNull();
      ds.dispose();
    });
    expect(revoked).toEqual(['blob:first']);
  });

  it('revokes a sheet that finishes after dispose, and draws no more', async () => {
    const data = await fixture();
    const revoked: string[] = [];
    let release: () => void = () => {};
    const ds = await CustomDataset.create(data, {
      render: () => new Promise<string>((resolve) => (release = () => resolve('blob:late'))),
      revoke: (u) => revoked.push(u),
    });
    const sheets: number[] = [];
    const rendering = ds.renderSheets((m) => sheets.push(m.splits.train.sheets.length));
    ds.dispose();
    release();
    await rendering;
    expect(revoked).toEqual(['blob:late']);
    expect(sheets).toEqual([]);
  });
});

describe('sheet layout', () => {
  it.each([
    [60000, 28, 28],
    [70, 256, 256],
    [1000, 4, 200],
  ])('%i images of %ix%i fit sheets of at most %s px a side, covering every image once', (count, rows, cols) => {
    const plan = planCustomSheets(count, rows, cols);
    expect(plan.reduce((a, p) => a + p.count, 0)).toBe(count);
    for (const p of plan) {
      expect(p.columns * cols).toBeLessThanOrEqual(MAX_SHEET_SIDE);
      expect(Math.ceil(p.count / p.columns) * rows).toBeLessThanOrEqual(MAX_SHEET_SIDE);
    }
  });

  it('packs tiles row-major, with unused tiles left black', () => {
    const px = Uint8Array.from({ length: 3 * 2 * 3 }, (_, i) => i + 1);
    const { gray, width, height } = packTiles(px, 0, 3, 2, 3, 2);
    expect([width, height]).toEqual([6, 4]);
    expect(Array.from(gray)).toEqual([1, 2, 3, 7, 8, 9, 4, 5, 6, 10, 11, 12, 13, 14, 15, 0, 0, 0, 16, 17, 18, 0, 0, 0]);
  });
});
