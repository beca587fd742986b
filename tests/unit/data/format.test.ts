import { describe, expect, it } from 'vitest';
import { decodeU32Base64, encodeU32Base64, firstU32Base64, FIRST_SHEET_IMAGES, locateImage, planSheets, SHEET_IMAGES, sheetGeometry, tileToIndex, type SheetManifest } from '../../../src/data/format';
import { packSheet } from '../../../src/data/sheets';
import { randomImages, seededRandom } from './fixtures';

describe('planSheets', () => {
  it.each([
    { count: 60000, sizes: [100, 10000, 10000, 10000, 10000, 10000, 9900] },
    { count: 10000, sizes: [100, 9900] },
    { count: 1, sizes: [1] },
    { count: FIRST_SHEET_IMAGES, sizes: [FIRST_SHEET_IMAGES] },
    { count: FIRST_SHEET_IMAGES + 1, sizes: [FIRST_SHEET_IMAGES, 1] },
    { count: FIRST_SHEET_IMAGES + SHEET_IMAGES, sizes: [FIRST_SHEET_IMAGES, SHEET_IMAGES] },
    { count: FIRST_SHEET_IMAGES + SHEET_IMAGES + 1, sizes: [FIRST_SHEET_IMAGES, SHEET_IMAGES, 1] },
    { count: 0, sizes: [] },
  ])('$count images -> sheets of $sizes', ({ count, sizes }) => {
    const plan = planSheets(count);
    expect(plan.map((p) => p.count)).toEqual(sizes);
    let next = 0;
    for (const p of plan) {
      expect(p.first, 'sheets are contiguous').toBe(next);
      next += p.count;
    }
    expect(next, 'sheets add up to the count').toBe(count);
  });
});

describe('sheetGeometry', () => {
  it.each([
    { count: 10000, columns: 100, want: { columns: 100, rows: 100, width: 2800, height: 2800 } },
    { count: 1000, columns: 100, want: { columns: 100, rows: 10, width: 2800, height: 280 } },
    { count: 100, columns: 100, want: { columns: 100, rows: 1, width: 2800, height: 28 } },
    { count: 9000, columns: 100, want: { columns: 100, rows: 90, width: 2800, height: 2520 } },
    { count: 150, columns: 100, want: { columns: 100, rows: 2, width: 2800, height: 56 } },
    { count: 1, columns: 100, want: { columns: 1, rows: 1, width: 28, height: 28 } },
    { count: 30, columns: 100, want: { columns: 30, rows: 1, width: 840, height: 28 } },
    { count: 7, columns: 3, want: { columns: 3, rows: 3, width: 84, height: 84 } },
  ])('$count tiles in rows of $columns -> $want.width x $want.height', ({ count, columns, want }) => {
    const geom = sheetGeometry(count, columns);
    expect(geom).toEqual(want);
    expect(geom.columns * geom.rows).toBeGreaterThanOrEqual(count);
    expect((geom.rows - 1) * geom.columns, 'no empty last row').toBeLessThan(count);
  });
});

/** The manifest sheets the build step would write for `count` images. */
function sheetsFor(count: number): SheetManifest[] {
  return planSheets(count).map(({ first, count: n }, s) => ({ file: `s${s}.png`, first, count: n, ...sheetGeometry(n), bytes: 0, sha256: '' }));
}

describe('locateImage and tileToIndex', () => {
  const sheets = sheetsFor(60000);

  it.each([
    { index: 0, want: { sheet: 0, tile: 0, x: 0, y: 0 } },
    { index: 42, want: { sheet: 0, tile: 42, x: 1176, y: 0 } },
    { index: 99, want: { sheet: 0, tile: 99, x: 2772, y: 0 } },
    { index: 100, want: { sheet: 1, tile: 0, x: 0, y: 0 } },
    { index: 199, want: { sheet: 1, tile: 99, x: 2772, y: 0 } },
    { index: 200, want: { sheet: 1, tile: 100, x: 0, y: 28 } },
    { index: 1234, want: { sheet: 1, tile: 1134, x: 952, y: 308 } },
    { index: 10099, want: { sheet: 1, tile: 9999, x: 2772, y: 2772 } },
    { index: 10100, want: { sheet: 2, tile: 0, x: 0, y: 0 } },
    { index: 59999, want: { sheet: 6, tile: 9899, x: 2772, y: 2744 } },
  ])('image $index is at $want', ({ index, want }) => {
    expect(locateImage(sheets, index)).toEqual(want);
  });

  it.each([-1, 60000, 60001, 1e9, Number.NaN])('image %d is in no sheet (null)', (index) => {
    expect(locateImage(sheets, index)).toBeNull();
  });

  it('is null for an empty sheet list', () => {
    expect(locateImage([], 0)).toBeNull();
  });

  it('round-trips through tileToIndex for every boundary and 2,000 random indices', () => {
    const rand = seededRandom(42);
    const indices = [...sheets.flatMap((s) => [s.first, s.first + s.count - 1]), ...Array.from({ length: 2000 }, () => Math.floor(rand() * 60000))];
    for (const index of indices) {
      const loc = locateImage(sheets, index);
      expect(loc, `image ${index}`).not.toBeNull();
      if (!loc) continue;
      const sheet = sheets[loc.sheet];
      expect(tileToIndex(sheet, loc.tile)).toBe(index);
      expect(loc.x + 28).toBeLessThanOrEqual(sheet.width);
      expect(loc.y + 28).toBeLessThanOrEqual(sheet.height);
    }
  });

  it('points at the 28x28 block of a packed sheet that holds the image', () => {
    const count = 1234;
    const pixels = randomImages(count, 5);
    const small = sheetsFor(count);
    const packed = small.map((s) => packSheet(pixels, s.first, s.count, s.columns, s.rows));
    for (const index of [0, 1, 99, 100, 199, 200, 999, 1000, 1099, 1100, 1233]) {
      const loc = locateImage(small, index);
      expect(loc).not.toBeNull();
      if (!loc) continue;
      const { width } = small[loc.sheet];
      const block = new Uint8Array(784);
      for (let r = 0; r < 28; r++) block.set(packed[loc.sheet].subarray((loc.y + r) * width + loc.x, (loc.y + r) * width + loc.x + 28), r * 28);
      expect(Array.from(block), `image ${index}`).toEqual(Array.from(pixels.subarray(index * 784, (index + 1) * 784)));
    }
  });
});

describe('encodeU32Base64 / decodeU32Base64', () => {
  const edgeValues = [0, 1, 255, 256, 65535, 65536, 199920, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 2, 2 ** 32 - 1];

  it('encodes little-endian bytes as standard base64', () => {
    expect(encodeU32Base64(Uint32Array.from([1]))).toBe('AQAAAA==');
    expect(encodeU32Base64(Uint32Array.from([0xffffffff]))).toBe('/////w==');
    expect(encodeU32Base64(new Uint32Array(0))).toBe('');
    const values = Uint32Array.from(edgeValues);
    const bytes = Buffer.from(encodeU32Base64(values), 'base64');
    expect(Array.from({ length: values.length }, (_, i) => bytes.readUInt32LE(i * 4))).toEqual(edgeValues);
  });

  it('round-trips values near 0 and 2^32', () => {
    expect(Array.from(decodeU32Base64(encodeU32Base64(Uint32Array.from(edgeValues))) ?? [])).toEqual(edgeValues);
  });

  it('round-trips 70,000 values (longer than one 32 KiB encoding chunk)', () => {
    const rand = seededRandom(9);
    const values = Uint32Array.from({ length: 70000 }, () => Math.floor(rand() * 2 ** 32));
    const text = encodeU32Base64(values);
    expect(Buffer.from(values.buffer).toString('base64')).toBe(text);
    const back = decodeU32Base64(text);
    expect(back?.length).toBe(values.length);
    expect(Buffer.from(back!.buffer).equals(Buffer.from(values.buffer))).toBe(true);
  });

  it('decodes text written by another encoder (Node Buffer)', () => {
    const text = Buffer.from(Uint32Array.from([7, 4000000000]).buffer).toString('base64');
    expect(Array.from(decodeU32Base64(text) ?? [])).toEqual([7, 4000000000]);
  });

  it.each([
    { name: 'characters outside base64', text: '!!!!' },
    { name: 'a length that is not a multiple of 4 characters', text: 'AAAAA' },
    { name: '3 bytes (not a whole uint32)', text: 'AAAA' },
    { name: '5 bytes', text: 'AAAAAAA=' },
    { name: 'JSON text', text: '{"a":1}' },
  ])('returns null for $name', ({ text }) => {
    expect(decodeU32Base64(text)).toBeNull();
  });

  it('decodes the empty string to no values', () => {
    expect(decodeU32Base64('')?.length).toBe(0);
  });
});

describe('firstU32Base64', () => {
  it('is the first value decodeU32Base64 gives, for edge values and random vectors of every length', () => {
    const random = seededRandom(5);
    const vectors = [[0], [0xffffffff], [1, 2], [199920, 0, 5], ...Array.from({ length: 200 }, (_, n) => Array.from({ length: 1 + (n % 7) }, () => Math.floor(random() * 2 ** 32)))];
    for (const values of vectors) {
      const text = encodeU32Base64(Uint32Array.from(values));
      expect(firstU32Base64(text)).toBe(decodeU32Base64(text)![0]);
    }
  });

  it('is null for an empty vector and for text that is not base64', () => {
    expect(firstU32Base64(encodeU32Base64(new Uint32Array(0)))).toBeNull();
    expect(firstU32Base64('!!!!!!!!')).toBeNull();
    expect(firstU32Base64('AAA')).toBeNull();
  });
});
