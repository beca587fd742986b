import { err, ok, type Result } from '../lib/result';

/** How to fix a missing or corrupt data file, shown next to the error. */
export const DATA_FIX = 'Run `npm run prepare-data` (or restart `npm start`) to regenerate public/data/mnist/, then reload the page.';

/** Fetches a file's bytes, reporting bytes as they arrive; a 404, network error or wrong length is a Result error. */
export async function fetchBytes(url: string, expectedBytes: number | null, onBytes: (delta: number) => void, signal?: AbortSignal): Promise<Result<Uint8Array>> {
  const name = url.split('/').pop() ?? url;
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (e) {
    if (signal?.aborted) return err(`${name}: loading was cancelled`);
    return err(`${name}: could not be fetched (${(e as Error).message})`);
  }
  if (!response.ok) {
    return err(`${name}: the server answered ${response.status} ${response.statusText}${response.status === 404 ? ' (file not found)' : ''}`);
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    if (!response.body) {
      const buf = new Uint8Array(await response.arrayBuffer());
      chunks.push(buf);
      received = buf.length;
      onBytes(buf.length);
    } else {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.length;
        onBytes(value.length);
      }
    }
  } catch (e) {
    return err(`${name}: the download broke off after ${received} bytes (${(e as Error).message})`);
  }
  if (expectedBytes !== null && received !== expectedBytes) {
    return err(`${name}: expected ${expectedBytes} bytes, received ${received}${received < expectedBytes ? ' (truncated)' : ''}`);
  }
  if (chunks.length === 1) return ok(chunks[0]);
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.length;
  }
  return ok(bytes);
}

/** SHA-256 of bytes as lowercase hex, or null where WebCrypto is unavailable (insecure origins). */
export async function sha256Hex(bytes: Uint8Array): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Checks a downloaded file against the SHA-256 recorded in the manifest. */
export async function checkSha256(bytes: Uint8Array, expected: string, name: string): Promise<Result<true>> {
  const actual = await sha256Hex(bytes);
  if (actual === null || actual === expected) return ok(true);
  return err(`${name}: checksum mismatch (expected SHA-256 ${expected.slice(0, 12)}…, found ${actual.slice(0, 12)}…); the file is corrupt or from another build`);
}
