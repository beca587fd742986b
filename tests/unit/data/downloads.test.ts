import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDownloads, type Downloads, type LoadEvent } from '../../../src/data/downloads';
import { FIRST_SHEET_IMAGES, type SplitName } from '../../../src/data/format';
import type { Result } from '../../../src/lib/result';
import { firstDifference, naiveSums } from './fixtures';
import { BASE_URL, gate, prepareFixtureData, serveFiles, withFiles, type PreparedData } from './served-data';

let data: PreparedData;
beforeAll(() => {
  data = prepareFixtureData(1500, 300, 41);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** Every download (and decode) of `d` settled (the labels and preview events are sent as they settle). */
async function settled(d: Downloads): Promise<void> {
  await Promise.all([...d.sheets.map((s) => s.decoded), d.labels.train, d.labels.test]);
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Starts downloads from the stubbed server and returns them, settled, with every event they reported. */
async function start(): Promise<{ result: Result<Downloads>; events: LoadEvent[] }> {
  const events: LoadEvent[] = [];
  const result = await startDownloads(BASE_URL, (e) => events.push(e));
  if (result.ok) await settled(result.value);
  return { result, events };
}

const ofType = <T extends LoadEvent['type']>(events: LoadEvent[], type: T) => events.filter((e): e is Extract<LoadEvent, { type: T }> => e.type === type);
const dataBytes = () => [...data.files].filter(([name]) => name !== 'manifest.json').reduce((a, [, b]) => a + b.length, 0);

describe('startDownloads on what prepareData wrote (1,500 train + 300 test)', () => {
  it('reports the manifest first, with the total size of every file to come', async () => {
    serveFiles(data.files, { chunkBytes: 50_000 });
    const { result, events } = await start();
    expect(result.ok, result.ok ? '' : result.error).toBe(true);
    expect(events[0].type).toBe('manifest');
    const [manifestEvent] = ofType(events, 'manifest');
    expect(ofType(events, 'manifest')).toHaveLength(1);
    expect(manifestEvent.manifest).toEqual(data.manifest);
    expect(manifestEvent.totalBytes).toBe(dataBytes());
  });

  it('reports progress in several steps that add up to the total', async () => {
    serveFiles(data.files, { chunkBytes: 50_000 });
    const { events } = await start();
    const deltas = ofType(events, 'bytes').map((e) => e.delta);
    expect(deltas.length, 'a 1.1 MB sheet in 50 KB chunks is several steps').toBeGreaterThan(20);
    expect(deltas.every((d) => d > 0 && d <= 50_000)).toBe(true);
    expect(deltas.reduce((a, b) => a + b, 0)).toBe(dataBytes());
  });

  it('hands out each split’s labels, byte for byte, once they are checked', async () => {
    serveFiles(data.files);
    const { result, events } = await start();
    const labels = ofType(events, 'labels');
    expect(labels.map((e) => e.split).sort()).toEqual(['test', 'train']);
    for (const e of labels) expect(firstDifference(e.labels, data.fixture[e.split].labels), `${e.split} labels`).toBe(-1);
    if (!result.ok) return;
    for (const split of ['train', 'test'] as const) {
      const r = await result.value.labels[split];
      expect(r.ok && firstDifference(r.value, data.fixture[split].labels)).toBe(-1);
    }
  });

  it('previews the first sheet of each split: its images, decoded in canonical order', async () => {
    serveFiles(data.files);
    const { events } = await start();
    const previews = ofType(events, 'preview');
    expect(previews.map((e) => e.split).sort(), 'one preview per split, none for later sheets').toEqual(['test', 'train']);
    for (const e of previews) {
      expect(e.pixels.length).toBe(FIRST_SHEET_IMAGES * 784);
      expect(firstDifference(e.pixels, data.fixture[e.split].pixels.subarray(0, FIRST_SHEET_IMAGES * 784)), `first wrong ${e.split} preview pixel`).toBe(-1);
    }
  });

  it('requests the labels, then the first sheets, then the rest; lists the sheets in that order', async () => {
    const requested = serveFiles(data.files);
    const { result } = await start();
    expect(requested).toEqual(['manifest.json', 'train-labels.u8', 'test-labels.u8', 'train-images-0.png', 'test-images-0.png', 'train-images-1.png', 'test-images-1.png']);
    if (!result.ok) throw new Error(result.error);
    expect(result.value.sheets.map((s) => [s.split, s.sheet.file, s.sheet.first])).toEqual([
      ['train', 'train-images-0.png', 0],
      ['test', 'test-images-0.png', 0],
      ['train', 'train-images-1.png', FIRST_SHEET_IMAGES],
      ['test', 'test-images-1.png', FIRST_SHEET_IMAGES],
    ]);
    for (const job of result.value.sheets) {
      const bytes = await job.bytes;
      expect(bytes.ok && firstDifference(bytes.value, data.files.get(job.sheet.file)!), job.sheet.file).toBe(-1);
    }
  });

  it('decodes the integrity vector of each split from the manifest', async () => {
    serveFiles(data.files);
    const { result } = await start();
    if (!result.ok) throw new Error(result.error);
    for (const split of ['train', 'test'] as const) {
      expect(Array.from(result.value.sums[split]), split).toEqual(naiveSums(data.fixture[split].pixels, data.fixture[split].count));
    }
  });
});

describe('startDownloads refuses a bad manifest, naming manifest.json', () => {
  const manifestWith = (change: (m: Record<string, unknown>) => void) => {
    const m = JSON.parse(JSON.stringify(data.manifest)) as Record<string, unknown>;
    change(m);
    return JSON.stringify(m);
  };
  const cases: { name: string; manifest: () => string | null; says: string }[] = [
    { name: 'missing (404)', manifest: () => null, says: 'manifest.json: the server answered 404 Not Found (file not found)' },
    { name: 'not JSON', manifest: () => '{"version": 1, "splits": ', says: 'manifest.json: not valid JSON (the file is corrupt)' },
    { name: 'an HTML error page', manifest: () => '<!doctype html><title>Not here</title>', says: 'manifest.json: not valid JSON' },
    { name: 'a newer format version', manifest: () => manifestWith((m) => (m.version = 2)), says: 'manifest.json: expected format version 1, found 2' },
    { name: 'a JSON array', manifest: () => '[]', says: 'manifest.json: expected format version 1, found undefined' },
    {
      name: 'an integrity vector one image short',
      manifest: () => manifestWith((m) => ((m.splits as Record<SplitName, { pixelSums: string }>).test.pixelSums = btoa('\0'.repeat(4 * 299)))),
      says: 'manifest.json: the integrity vector of test is corrupt',
    },
    {
      name: 'an integrity vector that is not base64',
      manifest: () => manifestWith((m) => ((m.splits as Record<SplitName, { pixelSums: string }>).train.pixelSums = 'not base64!')),
      says: 'manifest.json: the integrity vector of train is corrupt',
    },
  ];

  it.each(cases)('$name', async ({ manifest, says }) => {
    const requested = serveFiles(withFiles(data.files, { 'manifest.json': manifest() }));
    const { result, events } = await start();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(says);
    expect(events, 'nothing is reported for a manifest that cannot be trusted').toEqual([]);
    expect(requested, 'no data file is requested').toEqual(['manifest.json']);
  });
});

describe('startDownloads reports a bad data file through that file’s promise', () => {
  it('a sheet altered in transit (same length) resolves to a checksum mismatch naming it; the others still arrive', async () => {
    const altered = Uint8Array.from(data.files.get('train-images-1.png')!);
    altered[200_000] ^= 0x40;
    serveFiles(withFiles(data.files, { 'train-images-1.png': altered }));
    const { result, events } = await start();
    if (!result.ok) throw new Error(result.error);
    const [train0, test0, train1, test1] = await Promise.all(result.value.sheets.map((s) => s.bytes));
    expect(train1.ok).toBe(false);
    expect(!train1.ok && train1.error).toMatch(/^train-images-1\.png: checksum mismatch/);
    expect(train0.ok && test0.ok && test1.ok).toBe(true);
    expect(ofType(events, 'preview')).toHaveLength(2);
  });

  it('an altered first sheet gets no preview (its split only) and a checksum mismatch', async () => {
    const altered = Uint8Array.from(data.files.get('test-images-0.png')!);
    altered[1000] ^= 1;
    serveFiles(withFiles(data.files, { 'test-images-0.png': altered }));
    const { result, events } = await start();
    if (!result.ok) throw new Error(result.error);
    const test0 = await result.value.sheets[1].bytes;
    expect(!test0.ok && test0.error).toContain('test-images-0.png: checksum mismatch');
    expect(ofType(events, 'preview').map((e) => e.split)).toEqual(['train']);
  });

  it('altered labels resolve to a checksum mismatch and are not handed out', async () => {
    const altered = Uint8Array.from(data.files.get('train-labels.u8')!);
    altered[7] = (altered[7] + 1) % 10;
    serveFiles(withFiles(data.files, { 'train-labels.u8': altered }));
    const { result, events } = await start();
    if (!result.ok) throw new Error(result.error);
    const train = await result.value.labels.train;
    expect(!train.ok && train.error).toContain('train-labels.u8: checksum mismatch');
    expect(ofType(events, 'labels').map((e) => e.split)).toEqual(['test']);
  });

  it('a missing sheet (404) resolves to an error naming the file', async () => {
    serveFiles(withFiles(data.files, { 'train-images-1.png': null }));
    const { result } = await start();
    if (!result.ok) throw new Error(result.error);
    const train1 = await result.value.sheets[2].bytes;
    expect(!train1.ok && train1.error).toBe('train-images-1.png: the server answered 404 Not Found (file not found)');
  });

  it('a truncated sheet resolves to an error giving both sizes', async () => {
    const full = data.files.get('test-images-0.png')!;
    serveFiles(withFiles(data.files, { 'test-images-0.png': full.subarray(0, 1000) }));
    const { result, events } = await start();
    if (!result.ok) throw new Error(result.error);
    const test0 = await result.value.sheets[1].bytes;
    expect(!test0.ok && test0.error).toBe(`test-images-0.png: expected ${full.length} bytes, received 1000 (truncated)`);
    expect(ofType(events, 'preview').map((e) => e.split)).toEqual(['train']);
  });
});

describe('startDownloads after its signal aborts', () => {
  it('reports nothing more and settles every download as cancelled', async () => {
    const held = gate();
    serveFiles(data.files, { holdUntil: (file) => (file === 'manifest.json' ? undefined : held.opened) });
    const controller = new AbortController();
    const events: LoadEvent[] = [];
    const result = await startDownloads(BASE_URL, (e) => events.push(e), controller.signal);
    if (!result.ok) throw new Error(result.error);
    expect(events.map((e) => e.type)).toEqual(['manifest']);
    controller.abort();
    held.open();
    await settled(result.value);
    expect(events.map((e) => e.type), 'no bytes, labels or preview after the abort').toEqual(['manifest']);
    for (const job of result.value.sheets) expect(await job.bytes).toEqual({ ok: false, error: `${job.sheet.file}: loading was cancelled` });
    expect(await result.value.labels.test).toEqual({ ok: false, error: 'test-labels.u8: loading was cancelled' });
  });

  it('aborted mid-transfer: every download fails, and no labels or previews are handed out', async () => {
    const controller = new AbortController();
    serveFiles(data.files, { chunkBytes: 100 });
    const events: LoadEvent[] = [];
    // Abort as the first bytes arrive: every body (300 bytes or more) is then cut off before its end.
    const result = await startDownloads(BASE_URL, (e) => (events.push(e), e.type === 'bytes' && controller.abort()), controller.signal);
    if (!result.ok) throw new Error(result.error);
    await settled(result.value);
    expect(controller.signal.aborted).toBe(true);
    expect(ofType(events, 'labels')).toHaveLength(0);
    expect(ofType(events, 'preview')).toHaveLength(0);
    const all = await Promise.all([...result.value.sheets.map((s) => s.bytes), result.value.labels.train, result.value.labels.test]);
    expect(all.map((r) => r.ok)).toEqual([false, false, false, false, false, false]);
  });

  it('hands out nothing more for files that arrived in full just before the abort', async () => {
    const controller = new AbortController();
    const testSheet = data.files.get('test-images-0.png')!;
    // One chunk each for the labels and the first sheets (train's and test's are the same size); several for the later sheets.
    serveFiles(data.files, { chunkBytes: testSheet.length });
    const events: LoadEvent[] = [];
    let abortedAt = -1;
    const result = await startDownloads(
      BASE_URL,
      (e) => {
        events.push(e);
        // The first chunk of that size is all of train's first sheet, and the test sheet's only chunk has arrived too:
        // both are complete, and still being checked, when the abort comes.
        if (e.type === 'bytes' && e.delta === testSheet.length && abortedAt < 0) {
          controller.abort();
          abortedAt = events.length;
        }
      },
      controller.signal,
    );
    if (!result.ok) throw new Error(result.error);
    await settled(result.value);
    expect(abortedAt).toBeGreaterThan(0);
    const test0 = await result.value.sheets[1].bytes;
    expect(test0.ok && firstDifference(test0.value, testSheet), 'the test sheet arrived intact').toBe(-1);
    expect((await result.value.labels.test).ok, 'so did the test labels').toBe(true);
    expect(events.slice(abortedAt).filter((e) => e.type === 'labels' || e.type === 'preview')).toEqual([]);
  });
});
