import { describe, expect, it } from 'vitest';
import { declaredIdxBytes, MAX_IDX_BODY_BYTES, readMagic, tryPairIdx, tryParseIdx, tryParseIdxImages, tryParseIdxLabels, type IdxImages, type IdxLabels } from '../../../src/data/idx';
import { idxFile, imagesIdx, labelsIdx, randomImages, randomLabels } from './fixtures';

const NAME = 'train-images-idx3-ubyte';

function expectError<T>(result: { ok: true; value: T } | { ok: false; error: string }): string {
  expect(result.ok, 'expected a failed Result').toBe(false);
  return result.ok ? '' : result.error;
}

describe('tryParseIdxImages on valid files', () => {
  it('reads dims and count, and hands back a view of the body bytes (no copy)', () => {
    const pixels = randomImages(3, 7);
    const file = imagesIdx(pixels, 3);
    const parsed = tryParseIdxImages(file, NAME);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toMatchObject({ count: 3, rows: 28, cols: 28 });
    expect(parsed.value.pixels.length).toBe(3 * 784);
    expect(parsed.value.pixels.buffer).toBe(file.buffer);
    expect(parsed.value.pixels.byteOffset).toBe(16);
    expect(Array.from(parsed.value.pixels)).toEqual(Array.from(pixels));
  });

  it('reads non-square dims in big-endian order', () => {
    const body = Uint8Array.from({ length: 2 * 3 * 5 }, (_, i) => i);
    const parsed = tryParseIdxImages(idxFile([2, 3, 5], body), NAME);
    expect(parsed.ok && { count: parsed.value.count, rows: parsed.value.rows, cols: parsed.value.cols }).toEqual({ count: 2, rows: 3, cols: 5 });
  });

  it('reads a file that sits at a non-zero offset inside a larger buffer', () => {
    const pixels = randomImages(2, 8);
    const file = imagesIdx(pixels, 2);
    const big = new Uint8Array(file.length + 11);
    big.fill(0xee);
    big.set(file, 5);
    const parsed = tryParseIdxImages(big.subarray(5, 5 + file.length), NAME);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.count).toBe(2);
    expect(parsed.value.pixels.byteOffset).toBe(5 + 16);
    expect(Array.from(parsed.value.pixels)).toEqual(Array.from(pixels));
  });
});

describe('tryParseIdxLabels on valid files', () => {
  it('reads the count and a view of the label bytes', () => {
    const labels = randomLabels(37, 3);
    const file = labelsIdx(labels);
    const parsed = tryParseIdxLabels(file, 'train-labels-idx1-ubyte');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.count).toBe(37);
    expect(parsed.value.labels.buffer).toBe(file.buffer);
    expect(parsed.value.labels.byteOffset).toBe(8);
    expect(Array.from(parsed.value.labels)).toEqual(Array.from(labels));
  });
});

const gzipHeader = Uint8Array.from([0x1f, 0x8b, 0x08, 0x08, 0x4a, 0x2b, 0x5c, 0x59, 0x00, 0x03, 0x74, 0x72, 0x61, 0x69, 0x6e, 0x2d]);

describe('tryParseIdxImages refuses bad files with a message that names the file and says what was expected', () => {
  const cases: { name: string; bytes: Uint8Array; says: string[]; notSays?: string[] }[] = [
    { name: 'a labels file', bytes: labelsIdx(randomLabels(5, 1)), says: ['expected magic 2051', 'found 2049', 'is this a labels file?'] },
    { name: 'another ubyte magic (2 dims)', bytes: idxFile([4, 784], 4 * 784), says: ['expected magic 2051', 'found 2050'], notSays: ['labels file'] },
    { name: 'float data with 3 dims', bytes: idxFile([1, 28, 28], 784 * 4, 0x0d), says: ['expected magic 2051', 'found 3331'] },
    { name: 'non-zero first bytes', bytes: Uint8Array.from([0x12, 0x34, 0x08, 0x03, 0, 0, 0, 1]), says: ['not an IDX file', 'found 0x12340803'], notSays: ['gzip'] },
    { name: 'gzip-compressed bytes', bytes: gzipHeader, says: ['not an IDX file', 'gzip', 'decompress'] },
    { name: 'an empty file', bytes: new Uint8Array(0), says: ['truncated header', 'at least 4 bytes', 'found 0'] },
    { name: 'a 3-byte file', bytes: Uint8Array.from([0, 0, 8]), says: ['truncated header', 'found 3'] },
    { name: 'dims cut short', bytes: idxFile([60000, 28, 28]).subarray(0, 12), says: ['truncated header', '3 dimensions need 16 bytes, found 12'] },
    { name: 'a truncated body', bytes: idxFile([2, 28, 28], 1000), says: ['truncated body', '2x28x28 = 1568 bytes', 'found 1000'] },
    { name: 'trailing bytes', bytes: idxFile([2, 28, 28], 1568 + 5), says: ['5 unexpected bytes', '1568-byte body', '2x28x28'] },
    { name: 'zero images', bytes: idxFile([0, 28, 28]), says: ['declares 0 images'] },
    { name: 'zero rows', bytes: idxFile([3, 0, 28]), says: ['0x28 pixels are empty'] },
    { name: 'zero columns', bytes: idxFile([3, 28, 0]), says: ['28x0 pixels are empty'] },
    { name: 'a huge declared count', bytes: idxFile([0xffffffff, 28, 28]), says: ['4294967295x28x28', `${MAX_IDX_BODY_BYTES}-byte limit`, 'corrupt'] },
  ];

  it.each(cases)('$name', ({ bytes, says, notSays }) => {
    const error = expectError(tryParseIdxImages(bytes, NAME));
    expect(error.startsWith(`${NAME}: `), error).toBe(true);
    for (const s of says) expect(error).toContain(s);
    for (const s of notSays ?? []) expect(error).not.toContain(s);
  });

  it('refuses a huge declared size (all dims 0xFFFFFFFF) at once, without reading or allocating the body', () => {
    const started = performance.now();
    const error = expectError(tryParseIdxImages(idxFile([0xffffffff, 0xffffffff, 0xffffffff]), NAME));
    expect(performance.now() - started).toBeLessThan(50);
    expect(error).toContain('limit');
  });

  it('refuses a declared size 1 byte over the limit; exactly at the limit it goes on to the truncation check', () => {
    const error = expectError(tryParseIdx(idxFile([MAX_IDX_BODY_BYTES + 1]), 'big'));
    expect(error).toContain('limit');
    const underLimit = expectError(tryParseIdx(idxFile([MAX_IDX_BODY_BYTES]), 'big'));
    expect(underLimit).toContain('truncated body');
  });
});

describe('tryParseIdxLabels refuses bad files', () => {
  const LABELS = 't10k-labels-idx1-ubyte';
  const cases: { name: string; bytes: Uint8Array; says: string[] }[] = [
    { name: 'an images file', bytes: imagesIdx(randomImages(1, 2), 1), says: ['expected magic 2049', 'found 2051', 'is this an images file?'] },
    { name: 'zero labels', bytes: idxFile([0]), says: ['declares 0 labels'] },
    { name: 'a truncated body', bytes: idxFile([10], 7), says: ['truncated body', 'declares 10 = 10 bytes', 'found 7'] },
    { name: 'trailing bytes', bytes: idxFile([10], 12), says: ['2 unexpected bytes', '10-byte body'] },
    { name: 'gzip-compressed bytes', bytes: gzipHeader, says: ['gzip', 'decompress'] },
    { name: 'a 2-byte file', bytes: Uint8Array.from([0, 0]), says: ['truncated header', 'found 2'] },
  ];

  it.each(cases)('$name', ({ bytes, says }) => {
    const error = expectError(tryParseIdxLabels(bytes, LABELS));
    expect(error.startsWith(`${LABELS}: `), error).toBe(true);
    for (const s of says) expect(error).toContain(s);
  });
});

describe('tryParseIdx (generic header checks)', () => {
  it.each([
    { type: 0x09, says: 'found signed byte' },
    { type: 0x0b, says: 'found short' },
    { type: 0x0c, says: 'found int' },
    { type: 0x0d, says: 'found float' },
    { type: 0x0e, says: 'found double' },
    { type: 0x42, says: 'found unknown type 0x42' },
  ])('refuses type code $type: "$says"', ({ type, says }) => {
    const error = expectError(tryParseIdx(idxFile([4], 16, type), 'x.idx'));
    expect(error).toContain('expected unsigned-byte data (type 0x08)');
    expect(error).toContain(says);
  });

  it('refuses zero dimensions', () => {
    expect(expectError(tryParseIdx(Uint8Array.from([0, 0, 8, 0]), 'x.idx'))).toContain('at least one dimension, found 0');
  });

  it('parses any number of dims', () => {
    const parsed = tryParseIdx(idxFile([2, 1, 3, 2], 12), 'x.idx');
    expect(parsed.ok && parsed.value.dims).toEqual([2, 1, 3, 2]);
    expect(parsed.ok && parsed.value.data.length).toBe(12);
  });
});

describe('tryPairIdx', () => {
  const names = { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' };
  const images = (count: number): IdxImages => ({ count, rows: 28, cols: 28, pixels: new Uint8Array(count * 784) });
  const labels = (values: number[]): IdxLabels => ({ count: values.length, labels: Uint8Array.from(values) });

  it('accepts matching counts with labels in range and returns the same objects', () => {
    const im = images(4);
    const lb = labels([0, 9, 5, 3]);
    const paired = tryPairIdx(im, lb, names, 10);
    expect(paired.ok).toBe(true);
    if (!paired.ok) return;
    expect(paired.value.images).toBe(im);
    expect(paired.value.labels).toBe(lb);
  });

  it('refuses a count mismatch, naming both files and both counts', () => {
    const error = expectError(tryPairIdx(images(5), labels([1, 2, 3, 4]), names, 10));
    expect(error).toContain('train-images-idx3-ubyte has 5 images');
    expect(error).toContain('train-labels-idx1-ubyte has 4 labels');
  });

  it.each([
    { values: [0, 1, 10, 2], index: 2, label: 10 },
    { values: [255, 1, 2, 3], index: 0, label: 255 },
    { values: [9, 9, 9, 12], index: 3, label: 12 },
  ])('refuses label $label at index $index', ({ values, index, label }) => {
    const error = expectError(tryPairIdx(images(values.length), labels(values), names, 10));
    expect(error).toContain(`train-labels-idx1-ubyte: label ${label} at index ${index} is not a class 0..9`);
  });

  it('uses numClasses as the bound', () => {
    expect(tryPairIdx(images(3), labels([0, 1, 2]), names, 3).ok).toBe(true);
    expect(expectError(tryPairIdx(images(3), labels([0, 1, 3]), names, 3))).toContain('not a class 0..2');
  });
});

describe('declaredIdxBytes and readMagic read a header without parsing the body', () => {
  it.each([
    ['a 3x28x28 images header', idxFile([3, 28, 28]).subarray(0, 16), 16 + 3 * 784],
    ['a labels header with a body', idxFile([5], 5), 8 + 5],
    ['a zero dimension after a huge one', idxFile([0xffffffff, 0xffffffff, 0]).subarray(0, 16), 16],
    ['a 2 GB declaration, capped just past the limit', idxFile([2 ** 31]).subarray(0, 8), 8 + MAX_IDX_BODY_BYTES + 1],
    ['a header cut short', idxFile([3, 28, 28]).subarray(0, 10), null],
    ['no dimensions', idxFile([]), null],
    ['gzip bytes', Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0), null],
  ])('%s', (_, head, expected) => {
    expect(declaredIdxBytes(head)).toBe(expected);
  });

  it('readMagic: 2051 for images, 2049 for labels, null under 4 bytes', () => {
    expect(readMagic(idxFile([1, 2, 2], 4))).toBe(2051);
    expect(readMagic(idxFile([1], 1))).toBe(2049);
    expect(readMagic(Uint8Array.of(0, 0, 8))).toBeNull();
  });
});
