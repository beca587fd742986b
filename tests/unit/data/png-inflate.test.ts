/**
 * tryInflatePng on PNGs built here byte by byte (every row filter, every accepted colour type, IDAT split
 * over chunks), checked against fast-png's decoder as the independent reference; and the damaged or
 * unsupported files it must refuse, each with a message naming the file and what is wrong.
 */
import * as zlib from 'node:zlib';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { tryInflatePng, type InflatedPng } from '../../../src/data/png-inflate';
import { seededRandom } from './fixtures';

const NAME = 'train-images-3.png';

/** PNG colour type for each channel count (gray, gray + alpha, RGB, RGBA). */
const COLOUR_TYPE: Record<number, number> = { 1: 0, 2: 4, 3: 2, 4: 6 };

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG chunks use it: Node's own when it has one (20.15+), else the table-driven one. */
function crc32(bytes: Uint8Array): number {
  const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (typeof native === 'function') return native(bytes) >>> 0;
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const u32 = (v: number) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One chunk: length, type, data, CRC of type + data. */
function chunk(type: string, data: Uint8Array | number[] = []): Uint8Array {
  const body = concat([Uint8Array.from(type, (ch) => ch.charCodeAt(0)), Uint8Array.from(data)]);
  return concat([Uint8Array.from(u32(body.length - 4)), body, Uint8Array.from(u32(crc32(body)))]);
}

const SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(width: number, height: number, channels: number, depth = 8, interlace = 0): Uint8Array {
  return chunk('IHDR', [...u32(width), ...u32(height), depth, COLOUR_TYPE[channels], 0, 0, interlace]);
}

/** The PNG filter predictor (PNG spec 9.4) for left a, above b, upper-left c. */
function predictor(filter: number, a: number, b: number, c: number): number {
  switch (filter) {
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >> 1;
    case 4: {
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default:
      return 0;
  }
}

/** The forward transform: each row of `pixels` as its filter byte then the filtered bytes (from the unfiltered neighbours). */
function filterRows(pixels: Uint8Array, width: number, height: number, channels: number, filters: readonly number[]): Uint8Array {
  const row = width * channels;
  const out = new Uint8Array(height * (row + 1));
  for (let y = 0; y < height; y++) {
    out[y * (row + 1)] = filters[y];
    for (let i = 0; i < row; i++) {
      const at = y * row + i;
      const a = i >= channels ? pixels[at - channels] : 0;
      const b = y > 0 ? pixels[at - row] : 0;
      const c = y > 0 && i >= channels ? pixels[at - row - channels] : 0;
      out[y * (row + 1) + 1 + i] = (pixels[at] - predictor(filters[y], a, b, c)) & 255;
    }
  }
  return out;
}

/** Splits `bytes` into `parts` pieces of near-equal size (the last takes the rest). */
function split(bytes: Uint8Array, parts: number): Uint8Array[] {
  const size = Math.ceil(bytes.length / parts);
  return Array.from({ length: parts }, (_, k) => bytes.subarray(k * size, Math.min(bytes.length, (k + 1) * size))).filter((p) => p.length > 0);
}

interface Image {
  width: number;
  height: number;
  channels: number;
  pixels: Uint8Array;
}

function randomImage(width: number, height: number, channels: number, seed: number): Image {
  const rand = seededRandom(seed);
  return { width, height, channels, pixels: Uint8Array.from({ length: width * height * channels }, () => Math.floor(rand() * 256)) };
}

/** A complete PNG of `image` with the given row filters, its zlib stream over `idatChunks` IDAT chunks. */
function buildPng(image: Image, filters: readonly number[], idatChunks = 1, extra: Uint8Array[] = []): Uint8Array {
  const z = zlib.deflateSync(filterRows(image.pixels, image.width, image.height, image.channels, filters));
  return concat([SIGNATURE, ihdr(image.width, image.height, image.channels), ...extra, ...split(z, idatChunks).map((p) => chunk('IDAT', p)), chunk('IEND')]);
}

/** A PNG from its IHDR and a raw (already filtered, or deliberately wrong) zlib stream. */
function pngFrom(header: Uint8Array, zdata: Uint8Array): Uint8Array {
  return concat([SIGNATURE, header, chunk('IDAT', zdata), chunk('IEND')]);
}

/** The chunk types of a PNG in file order. */
function chunkTypes(png: Uint8Array): string[] {
  const types: string[] = [];
  for (let at = 8; at < png.length; ) {
    const length = ((png[at] << 24) | (png[at + 1] << 16) | (png[at + 2] << 8) | png[at + 3]) >>> 0;
    types.push(String.fromCharCode(...png.subarray(at + 4, at + 8)));
    at += 12 + length;
  }
  return types;
}

/** The rows' pixel bytes with each row's filter byte dropped. */
function stripFilterBytes(png: InflatedPng): Uint8Array {
  const row = png.stride - 1;
  const out = new Uint8Array(png.height * row);
  for (let y = 0; y < png.height; y++) out.set(png.rows.subarray(y * png.stride + 1, (y + 1) * png.stride), y * row);
  return out;
}

async function inflateOk(png: Uint8Array, size: { width: number; height: number }): Promise<InflatedPng> {
  const result = await tryInflatePng(png, NAME, size);
  if (!result.ok) throw new Error(`expected the PNG to inflate, got: ${result.error}`);
  return result.value;
}

/** Inflates, and checks the pixels against fast-png's decode of the same file (and the image it was made from). */
async function expectSameAsFastPng(png: Uint8Array, image: Image): Promise<void> {
  const reference = decode(png);
  expect([reference.width, reference.height, reference.channels, reference.depth]).toEqual([image.width, image.height, image.channels, 8]);
  const ours = await inflateOk(png, image);
  expect({ width: ours.width, height: ours.height, channels: ours.channels, stride: ours.stride }).toEqual({ width: image.width, height: image.height, channels: image.channels, stride: 1 + image.width * image.channels });
  expect(ours.rows.length).toBe(ours.stride * image.height);
  const pixels = stripFilterBytes(ours);
  expect(Buffer.from(pixels).equals(Buffer.from(reference.data as Uint8Array)), 'pixels equal fast-png\'s').toBe(true);
  expect(Buffer.from(pixels).equals(Buffer.from(image.pixels)), 'pixels equal the encoded image').toBe(true);
}

const FILTER_NAMES = ['None', 'Sub', 'Up', 'Average', 'Paeth'];

describe('tryInflatePng: pixels as fast-png decodes them', () => {
  const cases = [1, 2, 3, 4].flatMap((channels) => [0, 1, 2, 3, 4].map((filter) => ({ channels, filter, name: FILTER_NAMES[filter] })));

  it.each(cases)('$channels channel(s), every row filtered with $name', async ({ channels, filter }) => {
    const image = randomImage(7, 5, channels, 100 * channels + filter);
    await expectSameAsFastPng(buildPng(image, new Array(image.height).fill(filter)), image);
  });

  it.each([1, 2, 3, 4])('%i channel(s), a seeded random filter per row', async (channels) => {
    const rand = seededRandom(channels);
    const image = randomImage(13, 24, channels, 900 + channels);
    const filters = Array.from({ length: image.height }, () => Math.floor(rand() * 5));
    expect(new Set(filters).size, 'the mix uses every filter').toBe(5);
    await expectSameAsFastPng(buildPng(image, filters), image);
  });

  it.each([1, 3])('%i channel(s) of a few distinct values, where Paeth\'s tie-breaking decides', async (channels) => {
    const rand = seededRandom(40 + channels);
    const image: Image = { width: 16, height: 12, channels, pixels: Uint8Array.from({ length: 16 * 12 * channels }, () => Math.floor(rand() * 8)) };
    await expectSameAsFastPng(buildPng(image, new Array(12).fill(4)), image);
    await expectSameAsFastPng(buildPng(image, new Array(12).fill(3)), image);
  });

  it('a one-pixel-wide and a one-row image (no left or no upper neighbours)', async () => {
    const tall = randomImage(1, 9, 3, 5);
    await expectSameAsFastPng(buildPng(tall, [1, 2, 3, 4, 4, 3, 2, 1, 0]), tall);
    const wide = randomImage(11, 1, 2, 6);
    for (const f of [2, 3, 4]) await expectSameAsFastPng(buildPng(wide, [f]), wide);
  });

  it('an IDAT stream split over several chunks, with an ancillary chunk before it', async () => {
    const rand = seededRandom(77);
    const image = randomImage(56, 28, 1, 78);
    const filters = Array.from({ length: image.height }, () => Math.floor(rand() * 5));
    const png = buildPng(image, filters, 5, [chunk('tEXt', Array.from('Comment\0mnist', (ch) => ch.charCodeAt(0)))]);
    expect(chunkTypes(png)).toEqual(['IHDR', 'tEXt', 'IDAT', 'IDAT', 'IDAT', 'IDAT', 'IDAT', 'IEND']);
    await expectSameAsFastPng(png, image);
  });

  it('a PNG held in a view into a larger buffer (as a fetched body slice)', async () => {
    const image = randomImage(9, 4, 4, 31);
    const png = buildPng(image, [4, 3, 2, 1]);
    const padded = new Uint8Array(png.length + 10);
    padded.set(png, 5);
    const ours = await inflateOk(padded.subarray(5, 5 + png.length), image);
    expect(Buffer.from(stripFilterBytes(ours)).equals(Buffer.from(image.pixels))).toBe(true);
  });
});

describe('tryInflatePng: files it refuses', () => {
  const image = randomImage(6, 4, 1, 12);
  const size = { width: 6, height: 4 };
  const good = () => buildPng(image, [0, 1, 2, 4]);
  const filtered = () => filterRows(image.pixels, 6, 4, 1, [0, 1, 2, 4]);

  async function refusal(png: Uint8Array, expected = size): Promise<string> {
    const result = await tryInflatePng(png, NAME, expected);
    expect(result.ok, 'refused').toBe(false);
    if (result.ok) return '';
    expect(result.error.startsWith(`${NAME}: `), `names the file: ${result.error}`).toBe(true);
    return result.error;
  }

  it('accepts the unaltered file the cases below damage', async () => {
    expect((await tryInflatePng(good(), NAME, size)).ok).toBe(true);
  });

  it.each([
    { what: 'an empty file', bytes: () => new Uint8Array(0) },
    { what: 'an HTML error page', bytes: () => new TextEncoder().encode('<!doctype html><title>404</title>') },
    { what: 'a PNG whose first signature byte is wrong', bytes: () => Uint8Array.from(good(), (b, i) => (i === 0 ? 0x88 : b)) },
    { what: 'the signature alone, 7 of its 8 bytes', bytes: () => SIGNATURE.subarray(0, 7) },
  ])('$what: not a PNG', async ({ bytes }) => {
    expect(await refusal(bytes())).toMatch(/not a PNG image/);
  });

  it('a file cut in the middle of its IDAT chunk: truncated, naming the chunk', async () => {
    const png = good();
    const idatAt = 8 + 25; // signature + IHDR chunk
    expect(await refusal(png.subarray(0, idatAt + 8 + 3))).toBe(`${NAME}: the PNG is truncated (its IDAT chunk runs past the end)`);
  });

  it('a file without its IEND chunk: truncated', async () => {
    const png = good();
    expect(await refusal(png.subarray(0, png.length - 12))).toBe(`${NAME}: the PNG is truncated (no IEND chunk)`);
  });

  it('a PNG of another size than expected, giving both sizes', async () => {
    const message = await refusal(good(), { width: 28, height: 4 });
    expect(message).toContain('28x4');
    expect(message).toContain('6x4');
    expect(message).toMatch(/expected a 28x4 PNG, found 6x4/);
  });

  it('a 16-bit PNG, giving its depth', async () => {
    const png = pngFrom(ihdr(6, 4, 1, 16), zlib.deflateSync(new Uint8Array(4 * (1 + 12))));
    expect(await refusal(png)).toMatch(/expected an 8-bit gray or colour PNG, found bit depth 16/);
  });

  it('a palette PNG, giving its colour type', async () => {
    const header = chunk('IHDR', [...u32(6), ...u32(4), 8, 3, 0, 0, 0]);
    const png = concat([SIGNATURE, header, chunk('PLTE', [0, 0, 0]), chunk('IDAT', zlib.deflateSync(new Uint8Array(4 * 7))), chunk('IEND')]);
    expect(await refusal(png)).toMatch(/colour type 3/);
  });

  it('an interlaced PNG', async () => {
    expect(await refusal(pngFrom(ihdr(6, 4, 1, 8, 1), zlib.deflateSync(filtered())))).toMatch(/interlaced/);
  });

  it('a PNG without image data, or with its data before the header', async () => {
    expect(await refusal(concat([SIGNATURE, ihdr(6, 4, 1), chunk('IEND')]))).toMatch(/no image data/);
    expect(await refusal(concat([SIGNATURE, chunk('IDAT', zlib.deflateSync(filtered())), ihdr(6, 4, 1), chunk('IEND')]))).toMatch(/image data before its header/);
  });

  it.each([
    { where: 'its zlib header', damage: (z: Uint8Array) => (z[0] ^= 0xff) },
    { where: 'the middle of its deflate data', damage: (z: Uint8Array) => ((z[Math.floor(z.length / 2)] ^= 0x5a), (z[Math.floor(z.length / 2) + 1] ^= 0xa5)) },
    { where: 'its Adler-32 checksum', damage: (z: Uint8Array) => (z[z.length - 1] ^= 0xff) },
  ])('deflate data damaged in $where: corrupt', async ({ damage }) => {
    const z = Uint8Array.from(zlib.deflateSync(filtered()));
    damage(z);
    expect(await refusal(pngFrom(ihdr(6, 4, 1), z))).toMatch(/the PNG's image data is corrupt \(.+\)/);
  });

  it('a zlib stream cut short: corrupt', async () => {
    const z = zlib.deflateSync(filtered());
    expect(await refusal(pngFrom(ihdr(6, 4, 1), z.subarray(0, z.length - 3)))).toMatch(/the PNG's image data is corrupt/);
  });

  it('more pixel data than the header\'s size', async () => {
    const five = randomImage(6, 5, 1, 13);
    const z = zlib.deflateSync(filterRows(five.pixels, 6, 5, 1, [0, 0, 0, 0, 0]));
    expect(await refusal(pngFrom(ihdr(6, 4, 1), z))).toBe(`${NAME}: the PNG holds more pixel data than its 6x4 size`);
  });

  it('less pixel data than the header\'s size, giving both byte counts', async () => {
    const z = zlib.deflateSync(filtered().subarray(0, 3 * 7));
    expect(await refusal(pngFrom(ihdr(6, 4, 1), z))).toBe(`${NAME}: the PNG's image data is truncated (21 of 28 bytes)`);
  });

  it('an unknown filter type 5, naming the row', async () => {
    const rows = filtered();
    rows[2 * 7] = 5;
    expect(await refusal(pngFrom(ihdr(6, 4, 1), zlib.deflateSync(rows)))).toBe(`${NAME}: row 2 of the PNG has an unknown filter type 5 (the image data is damaged)`);
  });
});
