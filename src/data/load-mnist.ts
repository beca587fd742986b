/**
 * The tensor half of loading: decode each downloaded sheet, upload it (first sheets first, so the
 * first digits appear early), check every image against the manifest's integrity vector on the
 * GPU, fall back to the JavaScript PNG decoder if the browser altered the pixels, and join one
 * tensor per split.
 */
import { decode as decodePng } from 'fast-png';
import { err, ok, type Result } from '../lib/result';
import { SPLITS, SPLIT_VARIABLES, type SheetManifest, type SplitName } from './format';
import type { Decoder, Downloads, LoadEvent, SheetDownload } from './downloads';
import { DATA_FIX } from './fetch';
import type { MnistStore } from './mnist-store';
import { countSumMismatches, joinParts, sheetToImages, type SheetSource } from './tensors';

export type { Decoder, LoadEvent } from './downloads';

/** Sheets decoded ahead of the one being uploaded (each decoded sheet holds up to ~31 MB). */
const DECODE_AHEAD = 2;

export interface UploadOptions {
  downloads: Downloads;
  store: MnistStore;
  onEvent: (event: LoadEvent) => void;
  signal?: AbortSignal;
  /** Force the JavaScript PNG decoder (no canvas). */
  decoder?: Decoder;
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

/**
 * Checks every uploaded part of a split against the integrity vector. All parts are checked at
 * once (one small readback each, queued together); measured here, checking the parts before they
 * are joined is faster than one reduction over the joined [60000, 784] tensor.
 */
async function verifySplit(store: MnistStore, split: SplitName, sums: Uint32Array): Promise<{ ok: boolean; detail: string }> {
  const name = SPLIT_VARIABLES[split].images;
  const parts = store.partsOf(split);
  const checks = await Promise.all(parts.map((part) => countSumMismatches(part.images, sums.subarray(part.first, part.first + part.count))));
  const covered = parts.reduce((n, p) => n + p.count, 0);
  if (covered !== sums.length) return { ok: false, detail: `${name}: only ${covered} of ${sums.length} images are in tensors` };
  const bad = checks.reduce((n, c) => n + c.mismatches, 0);
  const first = checks.findIndex((c) => c.mismatches > 0);
  return bad === 0
    ? { ok: true, detail: `${name}: all ${sums.length} pixel sums match the manifest` }
    : { ok: false, detail: `${name}: ${bad} of ${sums.length} images differ from the manifest (first: ${name}[${parts[first].first + checks[first].firstBad}])` };
}

/** Checks the splits not already passed in `previous`, then joins each passing split's parts into one tensor. */
async function verifyAndJoin(store: MnistStore, sums: Record<SplitName, Uint32Array>, previous?: { ok: boolean; detail: string }[]): Promise<{ ok: boolean; detail: string }[]> {
  const results = await Promise.all(SPLITS.map((split, i) => (previous?.[i].ok ? previous[i] : verifySplit(store, split, sums[split]))));
  results.forEach((r, i) => r.ok && store.join(SPLITS[i], joinParts));
  return results;
}

/** Uploads, verifies and joins everything; reports through onEvent and never throws. */
export async function uploadMnist(opts: UploadOptions): Promise<void> {
  const { downloads, store, onEvent, signal } = opts;
  const fail = (message: string, fix: string) => onEvent({ type: 'error', message, fix });
  try {
    const decode = async (job: SheetDownload, decoder: Decoder): Promise<Result<SheetSource>> => {
      const data = await job.bytes;
      return data.ok ? decodeSheet(data.value, job.sheet, decoder) : data;
    };
    const upload = async (job: SheetDownload, decoded: Promise<Result<SheetSource>>): Promise<string | null> => {
      const source = await decoded;
      if (!source.ok) return source.error;
      try {
        if (signal?.aborted) return 'loading was cancelled';
        store.addPart(job.split, job.sheet.first, sheetToImages(source.value, job.sheet));
      } finally {
        if ('close' in source.value) source.value.close();
      }
      onEvent({ type: 'images', split: job.split, loaded: store.loadedPrefix(job.split) });
      return null;
    };
    /** Uploads sheets in order while the next DECODE_AHEAD are decoded in the background. */
    const uploadAll = async (jobs: SheetDownload[], decoder: Decoder): Promise<string | null> => {
      const decoding = jobs.map(() => null as Promise<Result<SheetSource>> | null);
      const start = (i: number) => {
        if (i < jobs.length && !decoding[i]) decoding[i] = decode(jobs[i], decoder);
      };
      /** Closes bitmaps decoded ahead that will not be uploaded now. */
      const closeAhead = () => decoding.forEach((d) => void d?.then((r) => r.ok && 'close' in r.value && r.value.close()));
      for (let i = 0; i < jobs.length; i++) {
        for (let k = i; k <= i + DECODE_AHEAD; k++) start(k);
        let problem: string | null;
        try {
          problem = await upload(jobs[i], decoding[i]!);
        } catch (e) {
          // An upload that throws (e.g. a bitmap of the wrong size) must not strand the ones decoded ahead either.
          decoding[i] = null;
          closeAhead();
          throw e;
        }
        decoding[i] = null;
        if (problem) {
          closeAhead();
          return problem;
        }
      }
      return null;
    };

    // Browsers without createImageBitmap (and Node) decode in JavaScript; 'verified' reports which was used.
    const decoder = opts.decoder ?? (typeof createImageBitmap === 'function' ? 'native' : 'javascript');
    const problem = await uploadAll(downloads.sheets, decoder);
    if (problem) return fail(problem, DATA_FIX);
    for (const split of SPLITS) {
      const r = await downloads.labels[split];
      if (!r.ok) return fail(r.error, DATA_FIX);
      store.setLabels(split, r.value);
    }

    let usedDecoder = decoder;
    let results = await verifyAndJoin(store, downloads.sums);
    if (results.some((r) => !r.ok) && usedDecoder === 'native') {
      onEvent({
        type: 'notice',
        text: `The pixel check failed (${results.filter((r) => !r.ok).map((r) => r.detail).join('; ')}). This browser seems to alter canvas pixels (privacy protection, as in recent Firefox or Brave), so the sheets are being decoded again in JavaScript, without a canvas.`,
      });
      usedDecoder = 'javascript';
      for (const [i, split] of SPLITS.entries()) {
        if (results[i].ok) continue;
        store.clearSplit(split);
        onEvent({ type: 'images', split, loaded: 0 });
        const again = await uploadAll(downloads.sheets.filter((j) => j.split === split), 'javascript');
        if (again) return fail(again, DATA_FIX);
      }
      results = await verifyAndJoin(store, downloads.sums, results);
    }
    const allOk = results.every((r) => r.ok);
    // A split that failed even in JavaScript stays in parts; join it anyway so the notebook can show what it holds.
    for (const split of SPLITS) store.join(split, joinParts);
    onEvent({ type: 'verified', ok: allOk, detail: results.map((r) => r.detail).join('; '), decoder: usedDecoder });
  } catch (e) {
    fail(`Loading the dataset failed unexpectedly: ${(e as Error).message}`, 'Reload the page; if it happens again, run `npm run prepare-data` and check the browser console.');
  }
}
