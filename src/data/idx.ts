import { err, ok, type Result } from '../lib/result';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC } from './format';

/** A parsed IDX file of unsigned bytes: its dimensions and a view of its body (no copy). */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** Parsed IDX images: [count, rows, cols] unsigned bytes. */
export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  pixels: Uint8Array;
}

/** Parsed IDX labels: [count] unsigned bytes. */
export interface IdxLabels {
  count: number;
  labels: Uint8Array;
}

const UBYTE = 0x08;
const TYPE_NAMES: Record<number, string> = { 0x08: 'unsigned byte', 0x09: 'signed byte', 0x0b: 'short', 0x0c: 'int', 0x0d: 'float', 0x0e: 'double' };
/** Refuse bodies larger than this: a corrupt header must not make us allocate or wait. */
export const MAX_IDX_BODY_BYTES = 1 << 30;

/** Parses the header and body of an IDX file of unsigned bytes; `name` is used in messages. */
export function tryParseIdx(bytes: Uint8Array, name: string): Result<IdxArray> {
  if (bytes.length < 4) {
    return err(`${name}: truncated header: expected at least 4 bytes, found ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    return err(`${name}: not an IDX file: expected magic 0x0000XXYY, found 0x${magic.toString(16).padStart(8, '0')}${looksGzipped(bytes) ? ' (this looks gzip-compressed; decompress it first)' : ''}`);
  }
  const type = bytes[2];
  const ndim = bytes[3];
  if (type !== UBYTE) {
    const typeName = TYPE_NAMES[type] ?? `unknown type 0x${type.toString(16)}`;
    return err(`${name}: expected unsigned-byte data (type 0x08), found ${typeName}`);
  }
  if (ndim === 0) return err(`${name}: expected at least one dimension, found 0`);
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    return err(`${name}: truncated header: ${ndim} dimensions need ${headerBytes} bytes, found ${bytes.length}`);
  }
  const dims: number[] = [];
  for (let d = 0; d < ndim; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const body = bodyBytes(dims);
  if (body > MAX_IDX_BODY_BYTES) {
    return err(`${name}: declared size ${dims.join('x')} is larger than the ${MAX_IDX_BODY_BYTES}-byte limit; the header is probably corrupt`);
  }
  const found = bytes.length - headerBytes;
  if (found < body) {
    return err(`${name}: truncated body: header declares ${dims.join('x')} = ${body} bytes, found ${found}`);
  }
  if (found > body) {
    return err(`${name}: ${found - body} unexpected bytes after the ${body}-byte body declared by the header (${dims.join('x')})`);
  }
  return ok({ dims, data: bytes.subarray(headerBytes, headerBytes + body) });
}

/** Parses an IDX images file ([count, rows, cols], magic 2051). */
export function tryParseIdxImages(bytes: Uint8Array, name: string): Result<IdxImages> {
  const magic = readMagic(bytes);
  if (magic !== null && magic !== IDX_IMAGES_MAGIC && bytes[0] === 0 && bytes[1] === 0) {
    const hint = magic === IDX_LABELS_MAGIC ? ' — is this a labels file?' : '';
    return err(`${name}: expected magic ${IDX_IMAGES_MAGIC} (images), found ${magic}${hint}`);
  }
  const parsed = tryParseIdx(bytes, name);
  if (!parsed.ok) return parsed;
  const [count, rows, cols] = parsed.value.dims;
  if (count === 0) return err(`${name}: the file declares 0 images`);
  if (rows === 0 || cols === 0) return err(`${name}: images of ${rows}x${cols} pixels are empty`);
  return ok({ count, rows, cols, pixels: parsed.value.data });
}

/** Parses an IDX labels file ([count], magic 2049). */
export function tryParseIdxLabels(bytes: Uint8Array, name: string): Result<IdxLabels> {
  const magic = readMagic(bytes);
  if (magic !== null && magic !== IDX_LABELS_MAGIC && bytes[0] === 0 && bytes[1] === 0) {
    const hint = magic === IDX_IMAGES_MAGIC ? ' — is this an images file?' : '';
    return err(`${name}: expected magic ${IDX_LABELS_MAGIC} (labels), found ${magic}${hint}`);
  }
  const parsed = tryParseIdx(bytes, name);
  if (!parsed.ok) return parsed;
  const [count] = parsed.value.dims;
  if (count === 0) return err(`${name}: the file declares 0 labels`);
  return ok({ count, labels: parsed.value.data });
}

/** Checks that an images file and a labels file describe the same samples with labels below `numClasses`. */
export function tryPairIdx(images: IdxImages, labels: IdxLabels, names: { images: string; labels: string }, numClasses: number): Result<{ images: IdxImages; labels: IdxLabels }> {
  if (images.count !== labels.count) {
    return err(`${names.images} has ${images.count} images but ${names.labels} has ${labels.count} labels; they must match`);
  }
  for (let i = 0; i < labels.count; i++) {
    if (labels.labels[i] >= numClasses) {
      return err(`${names.labels}: label ${labels.labels[i]} at index ${i} is not a class 0..${numClasses - 1}`);
    }
  }
  return ok({ images, labels });
}

/**
 * Bytes of the body `dims` declare, capped at MAX_IDX_BODY_BYTES + 1 (anything over the limit is
 * refused, so the exact figure does not matter and the product cannot overflow). Any zero dimension
 * makes an empty body.
 */
function bodyBytes(dims: readonly number[]): number {
  return dims.includes(0) ? 0 : dims.reduce((a, b) => Math.min(a * b, MAX_IDX_BODY_BYTES + 1), 1);
}

/**
 * Total bytes (header + body, the body capped as in bodyBytes) an IDX file declares, read from its first
 * bytes, or null when they do not hold a whole IDX header. Lets a decompressor stop at what the header promises.
 */
export function declaredIdxBytes(head: Uint8Array): number | null {
  if (head.length < 4 || head[0] !== 0 || head[1] !== 0) return null;
  const ndim = head[3];
  const headerBytes = 4 + 4 * ndim;
  if (ndim === 0 || head.length < headerBytes) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const dims = Array.from({ length: ndim }, (_, d) => view.getUint32(4 + 4 * d, false));
  return headerBytes + bodyBytes(dims);
}

/** The big-endian magic number in the first 4 bytes, or null for a shorter file. */
export function readMagic(bytes: Uint8Array): number | null {
  if (bytes.length < 4) return null;
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
}

function looksGzipped(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}
