/** Gzip detection and bounded streaming decompression with the platform's DecompressionStream. */
import { err, ok, type Result } from '../lib/result';
import { errorMessage } from '../lib/format';

/** True when `bytes` start with the gzip magic 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses a gzip file, refusing (and cancelling the stream) as soon as the output passes
 * `maxBytes`, or passes `declaredBytes(head)` once a prefix of the output can say how long it
 * should be (an IDX header does), so neither a gzip bomb nor a lying header makes us allocate.
 * `name` is used in messages. Never rejects.
 */
export async function tryGunzip(bytes: Uint8Array, name: string, maxBytes: number, declaredBytes?: (head: Uint8Array) => number | null): Promise<Result<Uint8Array>> {
  if (typeof DecompressionStream === 'undefined') return err(`${name}: this browser cannot decompress gzip (no DecompressionStream); decompress the file first`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let limit = maxBytes;
  let limitReason = `the ${maxBytes}-byte limit`;
  let head: Uint8Array | null = null;
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  try {
    // A copy in a fresh ArrayBuffer: Blob wants BufferSource, and the caller's view may be shared.
    const stream = new Blob([bytes.slice()]).stream().pipeThrough(new DecompressionStream('gzip'));
    reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        return err(`${name}: decompresses to more than ${limitReason}; refusing it`);
      }
      chunks.push(value);
      if (declaredBytes && head === null && total >= 1024) {
        head = concat(chunks, total);
        chunks.length = 0;
        chunks.push(head);
        const declared = declaredBytes(head);
        if (declared !== null && declared < limit) {
          // One byte of slack, so the parser still sees (and names) trailing bytes.
          limit = declared + 1;
          limitReason = `the ${declared} bytes its header declares`;
        }
      }
    }
  } catch (e) {
    await reader?.cancel().catch(() => undefined);
    const detail = errorMessage(e);
    return err(`${name}: the gzip data is corrupt or truncated (${detail})`);
  }
  return ok(concat(chunks, total));
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
