/**
 * The tensor half of loading: decode each downloaded sheet without a canvas (in the sheet worker),
 * check every image's pixel sum against the manifest's integrity vector, write its bytes into the split's
 * tensor (first sheets first, so the first digits appear early), and check the tensors against the bytes.
 * The decoded bytes stay with the store: the notebook reads images and exact reductions from them.
 */
import { SPLITS, SPLIT_VARIABLES, type SplitName } from './format';
import type { Downloads, LoadEvent } from './downloads';
import { DATA_FIX } from './fetch';
import type { MnistStore } from './mnist-store';
import { firstSumMismatch, sumMismatches } from './sheet-decode';
import { imagesDiffering, joinParts } from './tensors';

export type { LoadEvent } from './downloads';

export interface UploadOptions {
  downloads: Downloads;
  store: MnistStore;
  onEvent: (event: LoadEvent) => void;
  signal?: AbortSignal;
}

/** Per split: images whose decoded pixel sums differ from the integrity vector, and the first of them. */
type SumCheck = Record<SplitName, { bad: number; first: number }>;

/**
 * A split's verdict once joined: every image's decoded pixel sum against the integrity vector (counted as
 * sheets arrive), and the tensor against the bytes at every sheet's first and last image, which is where
 * a wrong upload layout would show (one small readback).
 */
async function verifySplit(store: MnistStore, downloads: Downloads, split: SplitName, sums: SumCheck[SplitName]): Promise<{ ok: boolean; detail: string }> {
  const name = SPLIT_VARIABLES[split].images;
  const count = downloads.manifest.splits[split].count;
  const images = store.images(split);
  const bytes = store.imageBytes(split);
  if (!images || !bytes || images.shape[0] !== count) return { ok: false, detail: `${name}: only ${store.loadedPrefix(split)} of ${count} images are in tensors` };
  if (sums.bad > 0) return { ok: false, detail: `${name}: ${sums.bad} of ${count} images differ from the manifest (first: ${name}[${sums.first}])` };
  const edges = downloads.manifest.splits[split].sheets.flatMap((sh) => [sh.first, sh.first + sh.count - 1]);
  const differ = await imagesDiffering(images, bytes, edges);
  if (differ.length > 0) return { ok: false, detail: `${name}: the tensor does not hold the decoded images (first: ${name}[${differ[0]}])` };
  return { ok: true, detail: `${name}: all ${count} pixel sums match the manifest` };
}

/** Uploads, verifies and joins everything; reports through onEvent and never throws. */
export async function uploadMnist(opts: UploadOptions): Promise<void> {
  const { downloads, store, onEvent, signal } = opts;
  const fail = (message: string, fix: string) => onEvent({ type: 'error', message, fix });
  try {
    const sums: SumCheck = { train: { bad: 0, first: -1 }, test: { bad: 0, first: -1 } };
    for (const [i, job] of downloads.sheets.entries()) {
      const sheet = await job.decoded;
      if (!sheet.ok) return fail(sheet.error, DATA_FIX);
      if (i === 0) performance.mark('mnist:first-sheet-decoded');
      if (signal?.aborted) return fail('loading was cancelled', DATA_FIX);
      const check = sums[job.split];
      const first = firstSumMismatch(job.sheet, sheet.value.sums, downloads.sums[job.split]);
      if (first >= 0) {
        check.bad += sumMismatches(job.sheet, sheet.value.sums, downloads.sums[job.split]);
        check.first = check.first < 0 ? first : Math.min(check.first, first);
      }
      store.addSheet(job.split, job.sheet.first, sheet.value.pixels, downloads.manifest.splits[job.split].count, sheet.value.floats);
      // The floats were only for the upload: let them go now rather than with the download.
      delete sheet.value.floats;
      onEvent({ type: 'images', split: job.split, loaded: store.loadedPrefix(job.split) });
    }
    performance.mark('mnist:images-written');
    for (const split of SPLITS) {
      const r = await downloads.labels[split];
      if (!r.ok) return fail(r.error, DATA_FIX);
      store.setLabels(split, r.value);
    }
    // A split that fails the check is still joined, so the notebook can show what it holds.
    for (const split of SPLITS) store.join(split, joinParts);
    const results = await Promise.all(SPLITS.map((split) => verifySplit(store, downloads, split, sums[split])));
    onEvent({ type: 'verified', ok: results.every((r) => r.ok), detail: results.map((r) => r.detail).join('; ') });
  } catch (e) {
    fail(`Loading the dataset failed unexpectedly: ${(e as Error).message}`, 'Reload the page; if it happens again, run `npm run prepare-data` and check the browser console.');
  }
}
