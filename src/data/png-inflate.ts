/**
 * A PNG's pixel bytes without a canvas: its IDAT stream inflated by the platform's DecompressionStream
 * (native zlib, works in workers and in Node) and its row filters undone here. Only what the sprite
 * sheets can be: 8-bit, not interlaced, gray, gray + alpha, RGB or RGBA (the first channel is the gray
 * value). A canvas would do the same work but may alter the pixels (privacy browsers add noise) and
 * runs on the main thread; a general decoder (fast-png) inflates in JavaScript, 3-5x slower here.
 */
import { errorMessage } from '../lib/format';
import { err, ok, type Result } from '../lib/result';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Channels per pixel of each 8-bit PNG colour type accepted (0 gray, 2 RGB, 4 gray + alpha, 6 RGBA). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** An inflated, unfiltered PNG: `height` rows of `stride` bytes, each a filter byte then `width * channels` bytes. */
export interface InflatedPng {
  width: number;
  height: number;
  channels: number;
  /** Bytes per row in `rows`, the filter byte included. */
  stride: number;
  rows: Uint8Array;
}

interface Header {
  width: number;
  height: number;
  channels: number;
  idat: Uint8Array[];
}

/** The PNG's header fields and IDAT chunks, or what is wrong with it. */
function readChunks(png: Uint8Array, name: string): Result<Header> {
  if (png.length < 8 || SIGNATURE.some((b, i) => png[i] !== b)) return err(`${name}: not a PNG image (its first bytes are not the PNG signature)`);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  let header: Header | null = null;
  for (;;) {
    if (at + 8 > png.length) return err(`${name}: the PNG is truncated (no IEND chunk)`);
    const length = view.getUint32(at);
    const type = String.fromCharCode(png[at + 4], png[at + 5], png[at + 6], png[at + 7]);
    const data = at + 8;
    if (data + length + 4 > png.length) return err(`${name}: the PNG is truncated (its ${type} chunk runs past the end)`);
    if (type === 'IHDR') {
      if (length !== 13) return err(`${name}: the PNG's header chunk is damaged`);
      const [depth, colour, compression, filter, interlace] = png.subarray(data + 8, data + 13);
      const channels = CHANNELS[colour];
      if (depth !== 8 || channels === undefined) return err(`${name}: expected an 8-bit gray or colour PNG, found bit depth ${depth}, colour type ${colour}`);
      if (compression !== 0 || filter !== 0 || interlace !== 0) return err(`${name}: interlaced or non-standard PNGs are not supported`);
      header = { width: view.getUint32(data), height: view.getUint32(data + 4), channels, idat: [] };
    } else if (type === 'IDAT') {
      if (!header) return err(`${name}: the PNG has image data before its header`);
      header.idat.push(png.subarray(data, data + length));
    } else if (type === 'IEND') {
      break;
    }
    at = data + length + 4;
  }
  if (!header) return err(`${name}: the PNG has no header chunk`);
  if (header.idat.length === 0) return err(`${name}: the PNG has no image data`);
  return ok(header);
}

/**
 * Inflates a PNG whose size must be `expected` (a bigger one is refused before anything is allocated)
 * and undoes its row filters. Never rejects.
 */
export async function tryInflatePng(png: Uint8Array, name: string, expected: { width: number; height: number }): Promise<Result<InflatedPng>> {
  const head = readChunks(png, name);
  if (!head.ok) return head;
  const { width, height, channels, idat } = head.value;
  if (width !== expected.width || height !== expected.height) return err(`${name}: expected a ${expected.width}x${expected.height} PNG, found ${width}x${height}`);
  if (typeof DecompressionStream === 'undefined') return err(`${name}: this browser cannot decompress PNG data (no DecompressionStream)`);
  const stride = 1 + width * channels;
  const rows = new Uint8Array(stride * height);
  let filled = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  try {
    reader = new Blob(idat as Uint8Array<ArrayBuffer>[]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (filled + value.length > rows.length) {
        await reader.cancel().catch(() => undefined);
        return err(`${name}: the PNG holds more pixel data than its ${width}x${height} size`);
      }
      rows.set(value, filled);
      filled += value.length;
    }
  } catch (e) {
    await reader?.cancel().catch(() => undefined);
    return err(`${name}: the PNG's image data is corrupt (${errorMessage(e)})`);
  }
  if (filled !== rows.length) return err(`${name}: the PNG's image data is truncated (${filled} of ${rows.length} bytes)`);
  const unfiltered = unfilterRows(rows, stride, height, channels);
  return unfiltered ? err(`${name}: ${unfiltered}`) : ok({ width, height, channels, stride, rows });
}

/** Undoes PNG's per-row filters in place (rows as in InflatedPng); a problem's description, or null. */
export function unfilterRows(rows: Uint8Array, stride: number, height: number, bpp: number): string | null {
  for (let y = 0; y < height; y++) {
    const at = y * stride;
    const filter = rows[at];
    if (filter === 0) continue;
    const start = at + 1;
    const end = at + stride;
    switch (filter) {
      case 1: // Sub
        for (let i = start + bpp; i < end; i++) rows[i] = (rows[i] + rows[i - bpp]) & 255;
        break;
      case 2: // Up
        if (y > 0) for (let i = start; i < end; i++) rows[i] = (rows[i] + rows[i - stride]) & 255;
        break;
      case 3: // Average
        for (let i = start; i < end; i++) {
          const left = i - bpp >= start ? rows[i - bpp] : 0;
          const above = y > 0 ? rows[i - stride] : 0;
          rows[i] = (rows[i] + ((left + above) >> 1)) & 255;
        }
        break;
      case 4: // Paeth
        for (let i = start; i < end; i++) {
          const a = i - bpp >= start ? rows[i - bpp] : 0;
          const b = y > 0 ? rows[i - stride] : 0;
          const c = y > 0 && i - bpp >= start ? rows[i - stride - bpp] : 0;
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          rows[i] = (rows[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
        }
        break;
      default:
        return `row ${y} of the PNG has an unknown filter type ${filter} (the image data is damaged)`;
    }
  }
  return null;
}
