/**
 * The tf-free half of loading: fetch and check the manifest, then request every file at once.
 * It runs while TensorFlow.js is still being downloaded and parsed, so the network is never idle.
 */
import { err, ok, type Result } from '../lib/result';
import { checkSha256, fetchBytes } from './fetch';
import { decodeU32Base64, MANIFEST_FILE, SPLITS, type Manifest, type SheetManifest, type SplitName } from './format';
import { tryParseManifest } from './manifest';
import { createSheetDecoder, inThreadDecoder, type SheetDecoder } from './sheet-decoder';
import type { DecodedSheet } from './sheet-decode';
import { checkedPreview } from './preview';

export type LoadEvent =
  | { type: 'manifest'; manifest: Manifest; totalBytes: number }
  | { type: 'bytes'; delta: number }
  | { type: 'images'; split: SplitName; loaded: number }
  /** The first sheet of a split, decoded on the CPU and checked, before it is in tensors. */
  | { type: 'preview'; split: SplitName; pixels: Uint8Array }
  | { type: 'labels'; split: SplitName; labels: Uint8Array }
  | { type: 'verified'; ok: boolean; detail: string }
  | { type: 'error'; message: string; fix: string };

/**
 * A sheet being downloaded; `bytes` resolves once it has arrived and matched its SHA-256, `decoded` once
 * it is also decoded (in the sheet worker, while TensorFlow.js is still loading).
 */
export interface SheetDownload {
  split: SplitName;
  sheet: SheetManifest;
  bytes: Promise<Result<Uint8Array>>;
  decoded: Promise<Result<DecodedSheet>>;
}

export interface Downloads {
  manifest: Manifest;
  /** Per-image pixel sums of each split, from the manifest. */
  sums: Record<SplitName, Uint32Array>;
  /** Sheets in upload order: the first sheet of each split, then the rest. */
  sheets: SheetDownload[];
  labels: Record<SplitName, Promise<Result<Uint8Array>>>;
}

async function checked(bytes: Promise<Result<Uint8Array>>, sha256: string, file: string): Promise<Result<Uint8Array>> {
  const r = await bytes;
  if (!r.ok) return r;
  const sha = await checkSha256(r.value, sha256, file);
  return sha.ok ? r : sha;
}

/**
 * Fetches the manifest, starts every download and decodes each sheet as it arrives (with `decoder`, by
 * default a new sheet worker, ended once every sheet is decoded; `floats` adds the float32 values a WebGL
 * upload takes); reports 'manifest', 'bytes', 'labels' and 'preview' events.
 */
export async function startDownloads(baseUrl: string, onEvent: (e: LoadEvent) => void, signal?: AbortSignal, decoder?: SheetDecoder, floats = true): Promise<Result<Downloads>> {
  // The worker starts loading now, beside the manifest's request.
  const sheetDecoder = decoder ?? createSheetDecoder();
  const started = await startWith(sheetDecoder, baseUrl, onEvent, signal, floats);
  if (!started.ok) sheetDecoder.dispose();
  return started;
}

async function startWith(sheetDecoder: SheetDecoder, baseUrl: string, onEvent: (e: LoadEvent) => void, signal: AbortSignal | undefined, floats: boolean): Promise<Result<Downloads>> {
  const manifestBytes = await fetchBytes(baseUrl + MANIFEST_FILE, null, () => {}, signal);
  if (!manifestBytes.ok) return manifestBytes;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(manifestBytes.value));
  } catch {
    return err(`${MANIFEST_FILE}: not valid JSON (the file is corrupt)`);
  }
  const parsed = tryParseManifest(json);
  if (!parsed.ok) return parsed;
  const manifest = parsed.value;
  const sums = {} as Record<SplitName, Uint32Array>;
  for (const split of SPLITS) {
    const s = decodeU32Base64(manifest.splits[split].pixelSums);
    if (!s || s.length !== manifest.splits[split].count) return err(`${MANIFEST_FILE}: the integrity vector of ${split} is corrupt`);
    sums[split] = s;
  }
  const totalBytes = SPLITS.reduce((a, s) => a + manifest.splits[s].labels.bytes + manifest.splits[s].sheets.reduce((b, sh) => b + sh.bytes, 0), 0);
  onEvent({ type: 'manifest', manifest, totalBytes });

  const onBytes = (delta: number) => onEvent({ type: 'bytes', delta });
  // Requested in this order (browsers open few connections per host): labels, first sheets, the rest.
  const labels = {} as Record<SplitName, Promise<Result<Uint8Array>>>;
  for (const split of SPLITS) {
    const l = manifest.splits[split].labels;
    labels[split] = checked(fetchBytes(baseUrl + l.file, l.bytes, onBytes, signal), l.sha256, l.file);
    // Labels are tiny and needed by the first cells: hand them out as soon as they are checked.
    void labels[split].then((r) => r.ok && !signal?.aborted && onEvent({ type: 'labels', split, labels: r.value }));
  }
  const ordered = SPLITS.flatMap((split) => manifest.splits[split].sheets.map((sheet) => ({ split, sheet })));
  ordered.sort((a, b) => Number(b.sheet.first === 0) - Number(a.sheet.first === 0));
  const sheets: SheetDownload[] = ordered.map(({ split, sheet }) => {
    const bytes = checked(fetchBytes(baseUrl + sheet.file, sheet.bytes, onBytes, signal), sheet.sha256, sheet.file);
    // A split's first sheet is small (100 images) and shown first: decoded here at once, not queued behind the big ones.
    const decode = sheet.first === 0 ? inThreadDecoder : sheetDecoder;
    const decoded = bytes.then((r) => (r.ok && !signal?.aborted ? decode.decode(r.value, sheet, floats) : r.ok ? err<DecodedSheet>('loading was cancelled') : r));
    return { split, sheet, bytes, decoded };
  });
  void Promise.all(sheets.map((job) => job.decoded)).then(() => sheetDecoder.dispose());
  // The first sheet of each split, checked, is shown before anything is in tensors.
  for (const job of sheets) {
    if (job.sheet.first !== 0) continue;
    void job.decoded.then((r) => {
      const pixels = checkedPreview(r, job.sheet, sums[job.split]);
      if (pixels.ok && !signal?.aborted) onEvent({ type: 'preview', split: job.split, pixels: pixels.value });
    });
  }
  return ok({ manifest, sums, sheets, labels });
}
