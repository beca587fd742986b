import { encode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIRST_SHEET_IMAGES, type SheetManifest, type SplitName } from '../../../src/data/format';
import { checkedPreview } from '../../../src/data/preview';
import { tryDecodeSheet } from '../../../src/data/sheet-decode';
import { firstDifference, naiveSums } from './fixtures';
import { prepareFixtureData, sheetPixels, type PreparedData } from './served-data';

let data: PreparedData;
beforeAll(() => {
  data = prepareFixtureData(1500, 300, 51);
});

const sheetOf = (split: SplitName, index: number): SheetManifest => data.manifest.splits[split].sheets[index];
const pngOf = (split: SplitName, index: number) => data.files.get(sheetOf(split, index).file)!;
const sumsOf = (split: SplitName) => Uint32Array.from(naiveSums(data.fixture[split].pixels, data.fixture[split].count));
/** A sheet decoded as the loader does, then checked as the preview is. */
const tryDecodeSheetPixels = async (png: Uint8Array, sheet: SheetManifest, sums: Uint32Array) => checkedPreview(await tryDecodeSheet(png, sheet), sheet, sums);

/** The sheet re-encoded after `change` edits its gray pixels (row-major, `width` per row). */
function reencoded(split: SplitName, index: number, change: (gray: Uint8Array, width: number) => void): Uint8Array {
  const { width, height, data: gray } = sheetPixels(data, split, index);
  change(gray, width);
  return encode({ width, height, data: gray, channels: 1, depth: 8 });
}

/** Adds `delta` to the pixel at (x, y) of tile `tile` in a 100-column sheet; throws for a pixel outside the sheet. */
const nudgeTile = (tile: number, x: number, y: number, delta: number) => (gray: Uint8Array, width: number) => {
  const at = (Math.floor(tile / 100) * 28 + y) * width + (tile % 100) * 28 + x;
  if (x < 0 || x >= 28 || y < 0 || y >= 28 || at < 0 || at >= gray.length) throw new Error(`tile ${tile} (${x}, ${y}) is outside the ${width}-wide sheet`);
  gray[at] = gray[at] + delta > 255 ? gray[at] - delta : gray[at] + delta;
};

/** A tile in the middle of a first sheet (one row of FIRST_SHEET_IMAGES tiles). */
const MIDDLE_TILE = Math.floor(FIRST_SHEET_IMAGES / 2);

describe('checkedPreview of a decoded sheet', () => {
  it.each([
    { split: 'train' as const, index: 0, first: 0, count: FIRST_SHEET_IMAGES },
    { split: 'train' as const, index: 1, first: FIRST_SHEET_IMAGES, count: 1500 - FIRST_SHEET_IMAGES },
    { split: 'test' as const, index: 0, first: 0, count: FIRST_SHEET_IMAGES },
    { split: 'test' as const, index: 1, first: FIRST_SHEET_IMAGES, count: 300 - FIRST_SHEET_IMAGES },
  ])('gives back images [$first, $first+$count) of $split, in canonical order, from sheet $index', async ({ split, index, first, count }) => {
    const result = await tryDecodeSheetPixels(pngOf(split, index), sheetOf(split, index), sumsOf(split));
    expect(result.ok, result.ok ? '' : result.error).toBe(true);
    if (!result.ok) return;
    expect(result.value.length).toBe(count * 784);
    expect(firstDifference(result.value, data.fixture[split].pixels.subarray(first * 784, (first + count) * 784)), 'first wrong pixel').toBe(-1);
  });

  it('reads the gray value of an RGBA sheet with the same pixels', async () => {
    const { width, height, data: gray } = sheetPixels(data, 'test', 0);
    const rgba = new Uint8Array(width * height * 4);
    gray.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
    const result = await tryDecodeSheetPixels(encode({ width, height, data: rgba, channels: 4, depth: 8 }), sheetOf('test', 0), sumsOf('test'));
    expect(result.ok && firstDifference(result.value, data.fixture.test.pixels.subarray(0, FIRST_SHEET_IMAGES * 784))).toBe(-1);
  });

  it.each([
    { tile: 0, x: 0, y: 0, image: 0, why: 'the first pixel of the sheet' },
    { tile: MIDDLE_TILE, x: 13, y: 14, image: MIDDLE_TILE, why: 'a pixel in the middle of the sheet' },
    { tile: FIRST_SHEET_IMAGES - 1, x: 27, y: 27, image: FIRST_SHEET_IMAGES - 1, why: 'the last pixel of the sheet' },
  ])('names image $image when $why changes by one', async ({ tile, x, y, image }) => {
    const png = reencoded('train', 0, nudgeTile(tile, x, y, 1));
    expect(await tryDecodeSheetPixels(png, sheetOf('train', 0), sumsOf('train'))).toEqual({ ok: false, error: `train-images-0.png: image ${image} does not match the manifest's pixel sum` });
  });

  it('names the image by its index in the split, not in the sheet', async () => {
    const png = reencoded('train', 1, nudgeTile(3, 5, 5, 40));
    expect(await tryDecodeSheetPixels(png, sheetOf('train', 1), sumsOf('train'))).toEqual({ ok: false, error: `train-images-1.png: image ${FIRST_SHEET_IMAGES + 3} does not match the manifest's pixel sum` });
  });

  it('names the first of several altered images', async () => {
    const png = reencoded('test', 0, (gray, width) => [80, 17, 45].forEach((t) => nudgeTile(t, 1, 1, 9)(gray, width)));
    expect(await tryDecodeSheetPixels(png, sheetOf('test', 0), sumsOf('test'))).toEqual({ ok: false, error: "test-images-0.png: image 17 does not match the manifest's pixel sum" });
  });

  it('refuses a sheet of another size, giving both sizes', async () => {
    // Test's later sheet (2800x56) where the manifest describes train's first sheet (2800x28).
    expect(await tryDecodeSheetPixels(pngOf('test', 1), sheetOf('train', 0), sumsOf('train'))).toEqual({ ok: false, error: 'train-images-0.png: expected a 2800x28 PNG, found 2800x56' });
  });

  it('refuses a 16-bit sheet', async () => {
    const { width, height, data: gray } = sheetPixels(data, 'test', 0);
    const png = encode({ width, height, data: Uint16Array.from(gray, (v) => v * 257), channels: 1, depth: 16 });
    expect(await tryDecodeSheetPixels(png, sheetOf('test', 0), sumsOf('test'))).toEqual({ ok: false, error: 'test-images-0.png: expected an 8-bit gray or colour PNG, found bit depth 16, colour type 0' });
  });

  it.each([
    { name: 'a labels file', bytes: () => data.files.get('test-labels.u8')! },
    { name: 'an HTML error page', bytes: () => new TextEncoder().encode('<!doctype html><h1>404</h1>') },
    { name: 'a truncated PNG', bytes: () => pngOf('test', 0).subarray(0, 5000) },
    { name: 'nothing', bytes: () => new Uint8Array(0) },
  ])('refuses $name, naming the file and what is wrong', async ({ name, bytes }) => {
    const result = await tryDecodeSheetPixels(bytes(), sheetOf('test', 0), sumsOf('test'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(name === 'a truncated PNG' ? /^test-images-0\.png: the PNG is truncated \(its IDAT chunk runs past the end\)$/ : /^test-images-0\.png: not a PNG image \(its first bytes are not the PNG signature\)$/);
  });
});
