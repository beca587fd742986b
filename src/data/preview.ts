/**
 * The first sheet of a split, decoded on the CPU (no canvas, no TensorFlow.js) and checked against the
 * manifest's pixel sums, so its digits can be shown while TensorFlow.js and WebGL start up.
 */
import { err, ok, type Result } from '../lib/result';
import type { SheetManifest } from './format';
import { firstSumMismatch, type DecodedSheet } from './sheet-decode';

/** A decoded sheet's images ([sheet.count, 28, 28] bytes) if every one matches the split's integrity vector, else what differs. */
export function checkedPreview(decoded: Result<DecodedSheet>, sheet: SheetManifest, expectedSums: Uint32Array): Result<Uint8Array> {
  if (!decoded.ok) return decoded;
  const bad = firstSumMismatch(sheet, decoded.value.sums, expectedSums);
  return bad >= 0 ? err(`${sheet.file}: image ${bad} does not match the manifest's pixel sum`) : ok(decoded.value.pixels);
}
