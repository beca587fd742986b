/** Where an image is drawn from: its tile in the split's PNG sprite sheets (no tensors involved). */
import { locateImage, tileSize, type Manifest, type SplitName } from '../../data/format';
import type { SpriteTile } from './types';

/** A sheet's URL: relative files resolve against `baseUrl`; absolute ones (a custom dataset's blob: URLs) pass through. */
function sheetUrl(file: string, baseUrl: string): string {
  try {
    return new URL(file, baseUrl).href;
  } catch {
    return baseUrl + file;
  }
}

/** The tile of image `index` of `split`, or null without a manifest or for an index past the sheets. */
export function spriteTile(manifest: Manifest | null, split: SplitName, baseUrl: string, index: number): SpriteTile | null {
  if (!manifest) return null;
  const sheets = manifest.splits[split].sheets;
  const at = locateImage(sheets, index);
  if (!at) return null;
  const sheet = sheets[at.sheet];
  const tile = tileSize(sheet);
  return { url: sheetUrl(sheet.file, baseUrl), x: at.x, y: at.y, sheetWidth: sheet.width, sheetHeight: sheet.height, tileWidth: tile.width, tileHeight: tile.height };
}
