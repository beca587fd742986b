import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkSha256, fetchBytes, sha256Hex } from '../../../src/data/fetch';
import { firstDifference, randomImages } from './fixtures';

const URL = 'http://localhost/data/mnist/train-images-0.png';

/** A body stream that delivers `chunks` one by one, then (optionally) fails instead of closing. */
function streamOf(chunks: Uint8Array[], failWith?: Error): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]);
      else if (failWith) controller.error(failWith);
      else controller.close();
    },
  });
}

/** Replaces global fetch with one that answers `respond()`, and records what it was asked. */
function stubFetch(respond: (url: string, init?: RequestInit) => Response | Promise<Response>) {
  const fake = vi.fn(async (url: string, init?: RequestInit) => respond(url, init));
  vi.stubGlobal('fetch', fake);
  return fake;
}

/** `bytes` split into chunks of the given sizes. */
function chunked(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let o = 0;
  for (const n of sizes) {
    out.push(bytes.slice(o, o + n));
    o += n;
  }
  return out;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('fetchBytes', () => {
  it('joins a chunked body in order and reports every chunk as it arrives', async () => {
    const bytes = randomImages(3, 1);
    const sizes = [1000, 1, 1351];
    const fake = stubFetch(() => new Response(streamOf(chunked(bytes, sizes)), { status: 200 }));
    const deltas: number[] = [];
    const result = await fetchBytes(URL, bytes.length, (d) => deltas.push(d));
    expect(fake).toHaveBeenCalledWith(URL, expect.anything());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(firstDifference(result.value, bytes)).toBe(-1);
    expect(deltas).toEqual(sizes);
  });

  it('returns a single-chunk body as is', async () => {
    const bytes = Uint8Array.from([5, 0, 4, 1, 9]);
    stubFetch(() => new Response(streamOf([bytes])));
    const result = await fetchBytes(URL, 5, () => {});
    expect(result.ok && Array.from(result.value)).toEqual([5, 0, 4, 1, 9]);
  });

  it('accepts any length when none is expected (the manifest)', async () => {
    stubFetch(() => new Response(streamOf([Uint8Array.from([1, 2]), Uint8Array.from([3])])));
    const result = await fetchBytes('data/mnist/manifest.json', null, () => {});
    expect(result.ok && Array.from(result.value)).toEqual([1, 2, 3]);
  });

  it('reads a response without a stream body', async () => {
    stubFetch(() => new Response(null, { status: 200 }));
    const deltas: number[] = [];
    const result = await fetchBytes(URL, 0, (d) => deltas.push(d));
    expect(result.ok && result.value.length).toBe(0);
    expect(deltas).toEqual([0]);
  });

  it('passes the abort signal on to fetch', async () => {
    const fake = stubFetch(() => new Response(streamOf([])));
    const controller = new AbortController();
    await fetchBytes(URL, null, () => {}, controller.signal);
    expect(fake.mock.calls[0][1]?.signal).toBe(controller.signal);
  });

  it.each([
    { status: 404, statusText: 'Not Found', says: ['train-images-0.png: the server answered 404 Not Found (file not found)'] },
    { status: 500, statusText: 'Internal Server Error', says: ['train-images-0.png: the server answered 500 Internal Server Error'] },
  ])('turns HTTP $status into an error naming the file', async ({ status, statusText, says }) => {
    stubFetch(() => new Response('nope', { status, statusText }));
    const onBytes = vi.fn();
    const result = await fetchBytes(URL, 100, onBytes);
    expect(result.ok).toBe(false);
    for (const s of says) expect(!result.ok && result.error).toContain(s);
    if (status !== 404) expect(!result.ok && result.error).not.toContain('file not found');
    expect(onBytes).not.toHaveBeenCalled();
  });

  it('reports a truncated download: expected vs received', async () => {
    stubFetch(() => new Response(streamOf([new Uint8Array(600), new Uint8Array(400)])));
    const result = await fetchBytes(URL, 2352, () => {});
    expect(!result.ok && result.error).toBe('train-images-0.png: expected 2352 bytes, received 1000 (truncated)');
  });

  it('reports a download longer than expected, without calling it truncated', async () => {
    stubFetch(() => new Response(streamOf([new Uint8Array(12)])));
    const result = await fetchBytes(URL, 10, () => {});
    expect(!result.ok && result.error).toBe('train-images-0.png: expected 10 bytes, received 12');
  });

  it('reports a stream that breaks off, with the bytes received so far', async () => {
    stubFetch(() => new Response(streamOf([new Uint8Array(300)], new Error('connection reset'))));
    const deltas: number[] = [];
    const result = await fetchBytes(URL, 1000, (d) => deltas.push(d));
    expect(!result.ok && result.error).toBe('train-images-0.png: the download broke off after 300 bytes (connection reset)');
    expect(deltas).toEqual([300]);
  });

  it('reports a network error', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const result = await fetchBytes(URL, 10, () => {});
    expect(!result.ok && result.error).toBe('train-images-0.png: could not be fetched (Failed to fetch)');
  });

  it('reports a cancelled load as cancelled, not as a network error', async () => {
    stubFetch((_url, init) => Promise.reject(init?.signal?.reason ?? new Error('aborted')));
    const controller = new AbortController();
    controller.abort();
    const result = await fetchBytes(URL, 10, () => {}, controller.signal);
    expect(!result.ok && result.error).toBe('train-images-0.png: loading was cancelled');
  });
});

describe('sha256Hex and checkSha256 (WebCrypto)', () => {
  const nodeSha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

  it('matches the published SHA-256 of "abc" and of the empty input', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('matches Node crypto on random bytes', async () => {
    const bytes = randomImages(10, 77);
    expect(await sha256Hex(bytes)).toBe(nodeSha(bytes));
  });

  it('hashes only the bytes of a view, not its whole buffer', async () => {
    const bytes = randomImages(2, 78);
    const view = bytes.subarray(100, 900);
    expect(await sha256Hex(view)).toBe(nodeSha(Uint8Array.from(view)));
  });

  it('checkSha256 accepts the right hash', async () => {
    const bytes = randomImages(1, 79);
    expect(await checkSha256(bytes, nodeSha(bytes), 'test-labels.u8')).toEqual({ ok: true, value: true });
  });

  it('checkSha256 refuses another file, quoting both hashes and the file', async () => {
    const bytes = randomImages(1, 80);
    const expected = nodeSha(Uint8Array.from([1, 2, 3]));
    const result = await checkSha256(bytes, expected, 'test-labels.u8');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain('test-labels.u8: checksum mismatch');
    expect(result.error).toContain(expected.slice(0, 12));
    expect(result.error).toContain(nodeSha(bytes).slice(0, 12));
  });

  it('gives null, and lets checkSha256 pass, where WebCrypto is unavailable (insecure origin)', async () => {
    vi.stubGlobal('crypto', {});
    expect(await sha256Hex(Uint8Array.from([1]))).toBeNull();
    expect((await checkSha256(Uint8Array.from([1]), 'deadbeef', 'x.png')).ok).toBe(true);
  });
});
