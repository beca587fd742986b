/** What `prepareData` writes for a small fixture, held in memory, and a stand-in for fetch that serves it like a browser would. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { vi } from 'vitest';
import { prepareData } from '../../../scripts/prepare-data';
import { startDownloads, type Downloads } from '../../../src/data/downloads';
import type { Manifest, SplitName } from '../../../src/data/format';
import { makeMnistFixture, writeMnistSource, type MnistFixture } from './fixtures';

export const BASE_URL = 'http://localhost/data/mnist/';

export interface PreparedData {
  fixture: MnistFixture;
  manifest: Manifest;
  /** Every file the app loads, by name (manifest.json included). */
  files: Map<string, Uint8Array>;
}

/** Runs prepareData on a seeded fixture in a temp dir and reads back what it wrote. */
export function prepareFixtureData(trainCount: number, testCount: number, seed: number): PreparedData {
  const tmp = mkdtempSync(join(tmpdir(), 'mnist-served-'));
  try {
    const fixture = makeMnistFixture(trainCount, testCount, seed);
    const sourceDir = join(tmp, 'source');
    const outDir = join(tmp, 'out');
    writeMnistSource(sourceDir, fixture);
    const result = prepareData({ sourceDir, outDir });
    if (!result.ok) throw new Error(`prepareData failed on the fixture: ${result.error}`);
    const files = new Map(
      readdirSync(outDir)
        .filter((f) => !f.startsWith('.'))
        .map((f) => [f, new Uint8Array(readFileSync(join(outDir, f)))] as const),
    );
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as Manifest;
    return { fixture, manifest, files };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A copy of `files` with some entries replaced (or removed, with `null`). */
export function withFiles(files: ReadonlyMap<string, Uint8Array>, changes: Record<string, Uint8Array | string | null>): Map<string, Uint8Array> {
  const out = new Map(files);
  for (const [name, bytes] of Object.entries(changes)) {
    if (bytes === null) out.delete(name);
    else out.set(name, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
  }
  return out;
}

export interface ServeOptions {
  /** Bytes per body chunk (so progress arrives in several steps). */
  chunkBytes?: number;
  /** Holds the answer for a file until the returned promise settles; undefined answers at once. */
  holdUntil?: (file: string) => Promise<void> | undefined;
}

/** A body that hands out `bytes` in chunks only when read, and fails if `signal` aborts before its end (as a browser's does). */
function bodyOf(bytes: Uint8Array, chunkBytes: number, signal?: AbortSignal | null): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (signal?.aborted) return controller.error(signal.reason);
        if (offset < bytes.length) controller.enqueue(bytes.slice(offset, offset + chunkBytes));
        offset += chunkBytes;
        // Closed with the last chunk: a body received in full is no longer affected by an abort.
        if (offset >= bytes.length) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Replaces global fetch with a server of `files` under BASE_URL (404 for anything else) that
 * honours the abort signal like a browser. Returns the names of the files requested, in order.
 * Undo with vi.unstubAllGlobals().
 */
export function serveFiles(files: ReadonlyMap<string, Uint8Array>, opts: ServeOptions = {}): string[] {
  const requested: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    const name = url.startsWith(BASE_URL) ? url.slice(BASE_URL.length) : url;
    requested.push(name);
    await opts.holdUntil?.(name);
    const signal = init?.signal;
    if (signal?.aborted) throw new DOMException('This operation was aborted', 'AbortError');
    const bytes = files.get(name);
    if (!bytes) return new Response('not found', { status: 404, statusText: 'Not Found' });
    return new Response(bodyOf(bytes, opts.chunkBytes ?? 64 * 1024, signal), { status: 200 });
  });
  return requested;
}

/** A promise and the function that settles it (a gate for held responses). */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** The pixels of a prepared sheet (grayscale PNG, 8-bit), for tests that alter and re-encode them. */
export function sheetPixels(data: PreparedData, split: SplitName, sheet: number): { width: number; height: number; data: Uint8Array } {
  const png = decode(data.files.get(data.manifest.splits[split].sheets[sheet].file)!);
  return { width: png.width, height: png.height, data: Uint8Array.from(png.data) };
}

/**
 * Prepares a fixture, serves it through a stubbed fetch, starts the downloads and waits until every
 * file has arrived and been checked; the fetch stub is removed again.
 */
export async function servedDownloads(trainCount: number, testCount: number, seed: number): Promise<{ data: PreparedData; downloads: Downloads }> {
  const data = prepareFixtureData(trainCount, testCount, seed);
  serveFiles(data.files);
  const started = await startDownloads(BASE_URL, () => {});
  if (!started.ok) throw new Error(started.error);
  const downloads = started.value;
  await Promise.all([...downloads.sheets.map((s) => s.bytes), downloads.labels.train, downloads.labels.test]);
  vi.unstubAllGlobals();
  return { data, downloads };
}
