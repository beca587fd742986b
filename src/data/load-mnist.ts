/**
 * Loads canonical MNIST into tensors: manifest, then sprite sheets fetched in parallel, decoded,
 * uploaded one sheet at a time (first sheets first, so the first digits appear early), checked
 * against the manifest's integrity vector on the GPU, and joined into one tensor per split.
 */
import { decode as decodePng } from 'fast-png';
import { err, ok, type Result } from '../lib/result';
import { checkSha256, DATA_FIX, fetchBytes } from './fetch';
import { decodeU32Base64, MANIFEST_FILE, SPLITS, SPLIT_VARIABLES, type Manifest, type SheetManifest, type SplitName } from './format';
import { tryParseManifest } from './manifest';
import type { MnistStore } from './mnist-store';
import { countSumMismatches, joinParts, sheetToImages, type SheetSource } from './tensors';

export type Decoder = 'native' | 'javascript';

export type LoadEvent =
  | { type: 'manifest'; manifest: Manifest; totalBytes: number }
  | { type: 'bytes'; delta: number }
  | { type: 'images'; split: SplitName; loaded: number }
  | { type: 'labels'; split: SplitName }
  | { type: 'notice'; text: string }
  | { type: 'verified'; ok: boolean; detail: string; decoder: Decoder }
  | { type: 'error'; message: string; fix: string };

export interface LoadOptions {
  /** URL of the folder holding manifest.json, ending in '/'. */
  baseUrl: string;
  store: MnistStore;
  onEvent: (event: LoadEvent) => void;
  signal?: AbortSignal;
  /** Force the JavaScript PNG decoder (no canvas); used after a failed check. */
  decoder?: Decoder;
}

interface SheetJob {
  split: SplitName;
  sheet: SheetManifest;
  bytes: Promise<Result<Uint8Array>>;
}

/** Decodes a PNG sheet natively (createImageBitmap) or with the JavaScript decoder. */
async function decodeSheet(bytes: Uint8Array, sheet: SheetManifest, decoder: Decoder): Promise<Result<SheetSource>> {
  try {
    if (decoder === 'native') {
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' });
      return ok(await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' }));
    }
    const png = decodePng(bytes);
    if (png.depth !== 8) return err(`${sheet.file}: expected an 8-bit PNG, found ${png.depth}-bit`);
    const gray = png.channels === 1 ? (png.data as Uint8Array) : Uint8Array.from({ length: png.width * png.height }, (_, i) => png.data[i * png.channels]);
    return ok({ width: png.width, height: png.height, gray });
  } catch (e) {
    return err(`${sheet.file}: not a readable PNG image (${(e as Error).message || 'decode failed'})`);
  }
}

/** Checks every part of a split against the integrity vector; returns a description of the first problem. */
async function verifySplit(store: MnistStore, split: SplitName, sums: Uint32Array): Promise<{ ok: boolean; detail: string }> {
  let bad = 0;
  let firstBad = -1;
  for (const part of store.partsOf(split)) {
    const r = await countSumMismatches(part.images, sums.subarray(part.first, part.first + part.count));
    bad += r.mismatches;
    if (firstBad < 0 && r.mismatches > 0) firstBad = part.first + r.firstBad;
  }
  const name = SPLIT_VARIABLES[split].images;
  return bad === 0
    ? { ok: true, detail: `${name}: all ${sums.length} pixel sums match the manifest` }
    : { ok: false, detail: `${name}: ${bad} of ${sums.length} images differ from the manifest (first: ${name}[${firstBad}])` };
}

/** Runs the whole load; reports progress and failures through onEvent and never throws. */
export async function loadMnist(opts: LoadOptions): Promise<void> {
  const { baseUrl, store, onEvent, signal } = opts;
  const fail = (message: string, fix = DATA_FIX) => onEvent({ type: 'error', message, fix });
  const bytesOf = (delta: number) => onEvent({ type: 'bytes', delta });
  try {
    const manifestBytes = await fetchBytes(baseUrl + MANIFEST_FILE, null, () => {}, signal);
    if (!manifestBytes.ok) return fail(manifestBytes.error);
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(manifestBytes.value));
    } catch {
      return fail(`${MANIFEST_FILE}: not valid JSON (the file is corrupt)`);
    }
    const parsed = tryParseManifest(json);
    if (!parsed.ok) return fail(parsed.error);
    const manifest = parsed.value;
    const sums: Partial<Record<SplitName, Uint32Array>> = {};
    for (const split of SPLITS) {
      const s = decodeU32Base64(manifest.splits[split].pixelSums);
      if (!s || s.length !== manifest.splits[split].count) return fail(`${MANIFEST_FILE}: the integrity vector of ${split} is corrupt`);
      sums[split] = s;
    }
    const totalBytes = SPLITS.reduce((a, s) => a + manifest.splits[s].labels.bytes + manifest.splits[s].sheets.reduce((b, sh) => b + sh.bytes, 0), 0);
    onEvent({ type: 'manifest', manifest, totalBytes });

    // Everything is requested at once; sheets are uploaded in this order: the first sheet of each split, then the rest.
    const jobs: SheetJob[] = [];
    for (const split of SPLITS) {
      for (const sheet of manifest.splits[split].sheets) {
        jobs.push({ split, sheet, bytes: fetchBytes(baseUrl + sheet.file, sheet.bytes, bytesOf, signal) });
      }
    }
    jobs.sort((a, b) => Number(b.sheet.first === 0) - Number(a.sheet.first === 0));
    const labelJobs = SPLITS.map((split) => ({ split, bytes: fetchBytes(baseUrl + manifest.splits[split].labels.file, manifest.splits[split].labels.bytes, bytesOf, signal) }));

    // Verified sheet bytes are kept until the pixel check passes, in case they must be decoded again.
    const kept = new Map<SheetJob, Uint8Array>();
    const bytesFor = async (job: SheetJob): Promise<Result<Uint8Array>> => {
      const cached = kept.get(job);
      if (cached) return ok(cached);
      const fetched = await job.bytes;
      if (!fetched.ok) return fetched;
      const sha = await checkSha256(fetched.value, job.sheet.sha256, job.sheet.file);
      if (!sha.ok) return sha;
      kept.set(job, fetched.value);
      return fetched;
    };
    const upload = async (job: SheetJob, decoder: Decoder): Promise<string | null> => {
      const data = await bytesFor(job);
      if (!data.ok) return data.error;
      const source = await decodeSheet(data.value, job.sheet, decoder);
      if (!source.ok) return source.error;
      if (signal?.aborted) return 'loading was cancelled';
      try {
        store.addPart(job.split, job.sheet.first, sheetToImages(source.value, job.sheet));
      } finally {
        if ('close' in source.value) source.value.close();
      }
      onEvent({ type: 'images', split: job.split, loaded: store.loadedPrefix(job.split) });
      return null;
    };

    // Decoding of later sheets overlaps the upload of earlier ones.
    const decoder = opts.decoder ?? 'native';
    for (const job of jobs) {
      const problem = await upload(job, decoder);
      if (problem) return fail(problem);
    }
    for (const { split, bytes } of labelJobs) {
      const r = await bytes;
      if (!r.ok) return fail(r.error);
      const sha = await checkSha256(r.value, manifest.splits[split].labels.sha256, manifest.splits[split].labels.file);
      if (!sha.ok) return fail(sha.error);
      store.setLabels(split, r.value);
      onEvent({ type: 'labels', split });
    }

    let usedDecoder = decoder;
    let results = await Promise.all(SPLITS.map((split) => verifySplit(store, split, sums[split]!)));
    if (results.some((r) => !r.ok) && usedDecoder === 'native') {
      onEvent({
        type: 'notice',
        text: `The pixel check failed (${results.filter((r) => !r.ok).map((r) => r.detail).join('; ')}). This browser seems to alter canvas pixels (privacy protection, as in recent Firefox or Brave), so the sheets are being decoded again in JavaScript, without a canvas.`,
      });
      usedDecoder = 'javascript';
      for (const split of SPLITS) {
        if (results[SPLITS.indexOf(split)].ok) continue;
        store.clearSplit(split);
        onEvent({ type: 'images', split, loaded: 0 });
        for (const job of jobs.filter((j) => j.split === split)) {
          await new Promise((r) => setTimeout(r, 0));
          const problem = await upload(job, 'javascript');
          if (problem) return fail(problem);
        }
      }
      results = await Promise.all(SPLITS.map((split) => verifySplit(store, split, sums[split]!)));
    }
    kept.clear();
    const allOk = results.every((r) => r.ok);
    for (const split of SPLITS) store.join(split, joinParts);
    onEvent({ type: 'verified', ok: allOk, detail: results.map((r) => r.detail).join('; '), decoder: usedDecoder });
  } catch (e) {
    fail(`Loading the dataset failed unexpectedly: ${(e as Error).message}`, 'Reload the page; if it happens again, run `npm run prepare-data` and check the browser console.');
  }
}
