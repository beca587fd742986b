import { describe, expect, it } from 'vitest';
import { classCounts, packSheet, pixelSums, unpackSheet } from '../../../src/data/sheets';
import { firstDifference, naiveSums, randomImages } from './fixtures';

/** Pixel (x, y) of a gray sheet `width` pixels wide. */
const at = (sheet: Uint8Array, width: number, x: number, y: number) => sheet[y * width + x];

describe('packSheet', () => {
  const count = 23;
  const columns = 5;
  const rows = 5; // 25 tiles: the last row is partial and two tiles stay empty
  const width = columns * 28;
  const pixels = randomImages(count + 10, 11);
  const first = 4;
  const sheet = packSheet(pixels, first, count, columns, rows);

  it('makes a sheet of columns*28 x rows*28 bytes', () => {
    expect(sheet.length).toBe(width * rows * 28);
  });

  it('puts tile t (row-major) at column t % columns, row floor(t / columns), holding image first + t', () => {
    // Tile 0 at the top-left, tile 1 to its right, tile 5 starts the second row, tile 22 is row 4, column 2.
    const cases = [
      { tile: 0, x0: 0, y0: 0 },
      { tile: 1, x0: 28, y0: 0 },
      { tile: 4, x0: 112, y0: 0 },
      { tile: 5, x0: 0, y0: 28 },
      { tile: 22, x0: 56, y0: 112 },
    ];
    for (const { tile, x0, y0 } of cases) {
      const image = pixels.subarray((first + tile) * 784, (first + tile + 1) * 784);
      for (const [r, c] of [[0, 0], [0, 27], [27, 0], [27, 27], [13, 17]]) {
        expect(at(sheet, width, x0 + c, y0 + r), `tile ${tile} pixel (${r}, ${c})`).toBe(image[r * 28 + c]);
      }
    }
  });

  it('leaves unused tiles at the end black', () => {
    const lastRow = sheet.subarray(4 * 28 * width);
    for (let r = 0; r < 28; r++) {
      const unused = lastRow.subarray(r * width + 3 * 28, (r + 1) * width);
      expect(unused.every((v) => v === 0), `row ${r} of the unused tiles`).toBe(true);
    }
  });
});

/** Gray sheet -> RGBA with the gray value in the first channel and different values elsewhere. */
function toRgba(gray: Uint8Array): Uint8Array {
  const out = new Uint8Array(gray.length * 4);
  for (let i = 0; i < gray.length; i++) {
    out[i * 4] = gray[i];
    out[i * 4 + 1] = 255 - gray[i];
    out[i * 4 + 2] = (gray[i] + 77) & 0xff;
    out[i * 4 + 3] = 255;
  }
  return out;
}

describe('unpackSheet is the inverse of packSheet', () => {
  it.each([
    { name: 'a full sheet', count: 300, columns: 100, rows: 3 },
    { name: 'a partial last row', count: 237, columns: 100, rows: 3 },
    { name: 'a single tile', count: 1, columns: 1, rows: 1 },
    { name: 'a narrow sheet', count: 20, columns: 7, rows: 3 },
  ])('$name, gray (1 channel) and RGBA (4 channels)', ({ count, columns, rows }) => {
    const pixels = randomImages(count, count + columns);
    const sheet = packSheet(pixels, 0, count, columns, rows);
    for (const [channels, data] of [
      [1, sheet],
      [4, toRgba(sheet)],
    ] as const) {
      const out = new Uint8Array(count * 784);
      unpackSheet(data, channels, columns, count, out, 0);
      expect(firstDifference(out, pixels), `first wrong byte with ${channels} channel(s)`).toBe(-1);
    }
  });

  it('writes at image offset `first` of a larger output and leaves the rest alone', () => {
    const pixels = randomImages(50, 3);
    const sheet = packSheet(pixels, 20, 30, 10, 3);
    const out = new Uint8Array(50 * 784).fill(7);
    unpackSheet(sheet, 1, 10, 30, out, 20);
    expect(out.subarray(0, 20 * 784).every((v) => v === 7)).toBe(true);
    expect(firstDifference(out.subarray(20 * 784), pixels.subarray(20 * 784))).toBe(-1);
  });

  it('fills a Float32Array with the same values', () => {
    const pixels = randomImages(12, 4);
    const out = new Float32Array(12 * 784);
    unpackSheet(toRgba(packSheet(pixels, 0, 12, 5, 3)), 4, 5, 12, out, 0);
    expect(firstDifference(out, pixels)).toBe(-1);
  });
});

describe('pixelSums', () => {
  it('matches a naive per-image sum', () => {
    const pixels = randomImages(40, 21);
    expect(Array.from(pixelSums(pixels, 40))).toEqual(naiveSums(pixels, 40));
  });

  it('gives 0 for a black image and 784 * 255 = 199920 for a white one (fits uint32)', () => {
    const pixels = new Uint8Array(2 * 784);
    pixels.fill(255, 784);
    expect(Array.from(pixelSums(pixels, 2))).toEqual([0, 199920]);
  });

  it('sums only the first `count` images', () => {
    const pixels = randomImages(5, 2);
    expect(Array.from(pixelSums(pixels, 3))).toEqual(naiveSums(pixels, 3));
    expect(pixelSums(pixels, 0).length).toBe(0);
  });
});

describe('classCounts', () => {
  it.each([
    { labels: [0, 0, 3, 9, 9, 9], want: [2, 0, 0, 1, 0, 0, 0, 0, 0, 3] },
    { labels: [], want: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    { labels: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], want: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] },
  ])('$labels -> $want', ({ labels, want }) => {
    expect(classCounts(Uint8Array.from(labels), 10)).toEqual(want);
  });

  it('has numClasses entries that add up to the number of labels', () => {
    const labels = Uint8Array.from({ length: 500 }, (_, i) => (i * 7) % 3);
    const counts = classCounts(labels, 3);
    expect(counts).toHaveLength(3);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(500);
  });
});
