/**
 * tryDecodeSheet on the sheets prepareData writes for a seeded fixture: every sheet gives back the
 * fixture's images in canonical order with their naive pixel sums (and floats when asked for), whatever
 * the PNG's colour type; firstSumMismatch / sumMismatches name the split index of an altered image.
 */
import { encode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIRST_SHEET_IMAGES, type SheetManifest, type SplitName } from '../../../src/data/format';
import { firstSumMismatch, sumMismatches, tryDecodeSheet, type DecodedSheet } from '../../../src/data/sheet-decode';
import { PIXELS, firstDifference, naiveSums } from './fixtures';
import { prepareFixtureData, sheetPixels, type PreparedData } from './served-data';

/** 1234 training images: a first sheet of 100, then 1134 in 12 rows of 100 tiles, the last row part-filled. */
const TRAIN = 1234;
const TEST = 250;

let data: PreparedData;
beforeAll(() => {
  data = prepareFixtureData(TRAIN, TEST, 61);
});

const sheetOf = (split: SplitName, index: number): SheetManifest => data.manifest.splits[split].sheets[index];
const pngOf = (split: SplitName, index: number) => data.files.get(sheetOf(split, index).file)!;
const sumsOf = (split: SplitName) => Uint32Array.from(naiveSums(data.fixture[split].pixels, data.fixture[split].count));
/** The fixture's images that `sheet` holds, in canonical order. */
const imagesOf = (split: SplitName, sheet: SheetManifest) => data.fixture[split].pixels.subarray(sheet.first * PIXELS, (sheet.first + sheet.count) * PIXELS);

async function decodeOk(png: Uint8Array, sheet: SheetManifest, floats = false): Promise<DecodedSheet> {
  const result = await tryDecodeSheet(png, sheet, floats);
  if (!result.ok) throw new Error(`expected ${sheet.file} to decode, got: ${result.error}`);
  return result.value;
}

/** The sheet re-encoded as 8-bit gray after `change` edits its pixels (row-major, `width` per row). */
function reencoded(split: SplitName, index: number, change: (gray: Uint8Array, width: number) => void): Uint8Array {
  const { width, height, data: gray } = sheetPixels(data, split, index);
  change(gray, width);
  return encode({ width, height, data: gray, channels: 1, depth: 8 });
}

/** Moves the pixel at (x, y) of tile `tile` of `sheet` by `delta` (down instead where up would pass 255). */
const nudgeTile = (sheet: SheetManifest, tile: number, x: number, y: number, delta: number) => (gray: Uint8Array, width: number) => {
  if (tile >= sheet.count || x < 0 || x >= 28 || y < 0 || y >= 28) throw new Error(`tile ${tile} (${x}, ${y}) is not in ${sheet.file}`);
  const at = (Math.floor(tile / sheet.columns) * 28 + y) * width + (tile % sheet.columns) * 28 + x;
  gray[at] = gray[at] + delta > 255 ? gray[at] - delta : gray[at] + delta;
};

describe('the fixture', () => {
  it('has the sheets this file relies on: a first sheet, a later one with a part-filled last row', () => {
    expect(data.manifest.splits.train.sheets.map((s) => [s.first, s.count, s.columns, s.rows])).toEqual([
      [0, FIRST_SHEET_IMAGES, 100, 1],
      [FIRST_SHEET_IMAGES, TRAIN - FIRST_SHEET_IMAGES, 100, 12],
    ]);
    expect(data.manifest.splits.test.sheets.map((s) => [s.first, s.count])).toEqual([
      [0, FIRST_SHEET_IMAGES],
      [FIRST_SHEET_IMAGES, TEST - FIRST_SHEET_IMAGES],
    ]);
  });
});

describe('tryDecodeSheet', () => {
  const sheets = [
    { split: 'train' as const, index: 0 },
    { split: 'train' as const, index: 1 },
    { split: 'test' as const, index: 0 },
    { split: 'test' as const, index: 1 },
  ];

  it.each(sheets)('$split sheet $index: the fixture\'s images in canonical order, with their naive sums', async ({ split, index }) => {
    const sheet = sheetOf(split, index);
    const decoded = await decodeOk(pngOf(split, index), sheet);
    expect(decoded.pixels.length).toBe(sheet.count * PIXELS);
    expect(firstDifference(decoded.pixels, imagesOf(split, sheet)), 'first wrong pixel').toBe(-1);
    expect(Array.from(decoded.sums)).toEqual(naiveSums(data.fixture[split].pixels, data.fixture[split].count).slice(sheet.first, sheet.first + sheet.count));
    expect(decoded.floats, 'no floats unless asked for').toBeUndefined();
  });

  it('the sheets of a split together give back the whole split', async () => {
    const parts = await Promise.all(data.manifest.splits.train.sheets.map((sheet, i) => decodeOk(pngOf('train', i), sheet)));
    const all = new Uint8Array(TRAIN * PIXELS);
    let at = 0;
    for (const p of parts) {
      all.set(p.pixels, at);
      at += p.pixels.length;
    }
    expect(at).toBe(all.length);
    expect(firstDifference(all, data.fixture.train.pixels)).toBe(-1);
  });

  it('gives the same values as float32 when asked for floats', async () => {
    const sheet = sheetOf('test', 1);
    const decoded = await decodeOk(pngOf('test', 1), sheet, true);
    expect(decoded.floats).toBeInstanceOf(Float32Array);
    expect(decoded.floats!.length).toBe(decoded.pixels.length);
    expect(firstDifference(decoded.floats!, imagesOf('test', sheet))).toBe(-1);
  });

  it.each([
    { channels: 2 as const, what: 'gray + alpha', pixel: (v: number) => [v, 255] },
    { channels: 3 as const, what: 'RGB', pixel: (v: number) => [v, v, v] },
    { channels: 4 as const, what: 'RGBA', pixel: (v: number) => [v, v, v, 255] },
  ])('reads the gray value of a $what re-encoding of the same sheet', async ({ channels, pixel }) => {
    const sheet = sheetOf('train', 1);
    const { width, height, data: gray } = sheetPixels(data, 'train', 1);
    const colour = new Uint8Array(width * height * channels);
    gray.forEach((v, i) => colour.set(pixel(v), i * channels));
    const decoded = await decodeOk(encode({ width, height, data: colour, channels, depth: 8 }), sheet, true);
    expect(firstDifference(decoded.pixels, imagesOf('train', sheet)), 'first wrong pixel').toBe(-1);
    expect(Array.from(decoded.sums)).toEqual(Array.from(sumsOf('train').subarray(sheet.first, sheet.first + sheet.count)));
    expect(firstDifference(decoded.floats!, decoded.pixels)).toBe(-1);
  });

  it('places tiles by the manifest\'s column count (a 7-column sheet of 20 images, last row part-filled)', async () => {
    const [columns, rows, count, first] = [7, 3, 20, 30];
    const width = columns * 28;
    const gray = new Uint8Array(width * rows * 28);
    const images = data.fixture.test.pixels.subarray(first * PIXELS, (first + count) * PIXELS);
    for (let t = 0; t < count; t++) {
      for (let r = 0; r < 28; r++) gray.set(images.subarray(t * PIXELS + r * 28, t * PIXELS + (r + 1) * 28), (Math.floor(t / columns) * 28 + r) * width + (t % columns) * 28);
    }
    const sheet: SheetManifest = { ...sheetOf('test', 0), file: 'custom-7.png', first, count, columns, rows, width, height: rows * 28 };
    const decoded = await decodeOk(encode({ width, height: rows * 28, data: gray, channels: 1, depth: 8 }), sheet);
    expect(firstDifference(decoded.pixels, images), 'first wrong pixel').toBe(-1);
    expect(firstSumMismatch(sheet, decoded.sums, sumsOf('test'))).toBe(-1);
  });

  it('refuses a sheet of another size than its manifest entry, naming the file and both sizes', async () => {
    // Test's later sheet (2800x56) where the manifest describes train's first (2800x28).
    expect(await tryDecodeSheet(pngOf('test', 1), sheetOf('train', 0))).toEqual({ ok: false, error: 'train-images-0.png: expected a 2800x28 PNG, found 2800x56' });
  });

  it.each([
    { what: 'a labels file', bytes: () => data.files.get('test-labels.u8')!, message: /^test-images-0\.png: not a PNG image/ },
    { what: 'a truncated sheet', bytes: () => pngOf('test', 0).subarray(0, 5000), message: /^test-images-0\.png: the PNG is truncated/ },
  ])('refuses $what, naming the file', async ({ bytes, message }) => {
    const result = await tryDecodeSheet(bytes(), sheetOf('test', 0));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });
});

describe('firstSumMismatch and sumMismatches', () => {
  it('find nothing wrong with the sheets as written', async () => {
    for (const split of ['train', 'test'] as const) {
      for (const [i, sheet] of data.manifest.splits[split].sheets.entries()) {
        const { sums } = await decodeOk(pngOf(split, i), sheet);
        expect(firstSumMismatch(sheet, sums, sumsOf(split)), sheet.file).toBe(-1);
        expect(sumMismatches(sheet, sums, sumsOf(split)), sheet.file).toBe(0);
      }
    }
  });

  it.each([
    { tile: 0, x: 0, y: 0, why: 'the first pixel of the sheet' },
    { tile: 567, x: 13, y: 14, why: 'a pixel in the middle of the sheet' },
    { tile: TRAIN - FIRST_SHEET_IMAGES - 1, x: 27, y: 27, why: 'the last pixel of the last tile, in the part-filled row' },
  ])('name the split index of tile $tile of a later sheet when $why moves by one', async ({ tile, x, y }) => {
    const sheet = sheetOf('train', 1);
    const { sums } = await decodeOk(reencoded('train', 1, nudgeTile(sheet, tile, x, y, 1)), sheet);
    expect(firstSumMismatch(sheet, sums, sumsOf('train'))).toBe(FIRST_SHEET_IMAGES + tile);
    expect(sumMismatches(sheet, sums, sumsOf('train'))).toBe(1);
  });

  it('name the first of several altered images and count them all', async () => {
    const sheet = sheetOf('test', 0);
    const png = reencoded('test', 0, (gray, width) => [80, 17, 45].forEach((t) => nudgeTile(sheet, t, 1, 1, 9)(gray, width)));
    const { sums } = await decodeOk(png, sheet);
    expect(firstSumMismatch(sheet, sums, sumsOf('test'))).toBe(17);
    expect(sumMismatches(sheet, sums, sumsOf('test'))).toBe(3);
  });
});
