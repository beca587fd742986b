/**
 * The first sheet of a split decoded on the CPU (no canvas, no TensorFlow.js) and checked against
 * the manifest's pixel sums, so its digits can be shown while TensorFlow.js and WebGL start up.
 */
import { decode as decodePng } from 'fast-png';
import { err, ok, type Result } from '../lib/result';
import { IMAGE_PIXELS, type SheetManifest } from './format';
import { pixelSums, unpackSheet } from './sheets';

/** Decodes a sheet PNG to bytes in canonical image order ([sheet.count, 28, 28], 0..255) and checks each image's sum. */
export function tryDecodeSheetPixels(png: Uint8Array, sheet: SheetManifest, expectedSums: Uint32Array): Result<Uint8Array> {
  let decoded: ReturnType<typeof decodePng>;
  try {
    decoded = decodePng(png);
  } catch (e) {
    return err(`${sheet.file}: not a readable PNG image (${(e as Error).message || 'decode failed'})`);
  }
  if (decoded.width !== sheet.width || decoded.height !== sheet.height || decoded.depth !== 8) {
    return err(`${sheet.file}: expected an 8-bit ${sheet.width}x${sheet.height} PNG, found ${decoded.depth}-bit ${decoded.width}x${decoded.height}`);
  }
  const pixels = new Uint8Array(sheet.count * IMAGE_PIXELS);
  unpackSheet(decoded.data, decoded.channels, sheet.columns, sheet.count, pixels, 0);
  const sums = pixelSums(pixels, sheet.count);
  for (let i = 0; i < sheet.count; i++) {
    if (sums[i] !== expectedSums[sheet.first + i]) return err(`${sheet.file}: image ${sheet.first + i} does not match the manifest's pixel sum`);
  }
  return ok(pixels);
}
