/** CSS for drawing one 28x28 tile of a PNG sprite sheet at an integer scale. */
import { IMAGE_SIZE } from '../../../data/format';
import type { SpriteTile } from '../../gallery/types';

/** Mistake thumbnails: 28 px drawn at 2x, pixelated. */
export const MISTAKE_SCALE = 2;
/** Side of a mistake thumbnail in CSS px. */
export const MISTAKE_TILE_PX = IMAGE_SIZE * MISTAKE_SCALE;
/** Other images are drawn at the whole scale that keeps their longer side near MNIST's 56 px (at least 1x). */
const MISTAKE_TARGET_PX = MISTAKE_TILE_PX;

/** Scale and CSS size of a mistake thumbnail for images of rows x cols (MNIST: 2x, 56 x 56 px). */
export function mistakeTile(rows: number, cols: number): { scale: number; width: number; height: number } {
  const scale = Math.max(1, Math.round(MISTAKE_TARGET_PX / Math.max(1, rows, cols)));
  return { scale, width: cols * scale, height: rows * scale };
}

export interface SpriteStyle {
  backgroundImage: string;
  backgroundPosition: string;
  backgroundSize: string;
}

/** Background properties that show `tile` scaled by `scale`; null while the sheet is not loaded. */
export function spriteStyle(tile: SpriteTile | null, scale = MISTAKE_SCALE): SpriteStyle | null {
  if (!tile) return null;
  return {
    backgroundImage: `url("${tile.url.replace(/"/g, '%22')}")`,
    backgroundPosition: `${-tile.x * scale}px ${-tile.y * scale}px`,
    backgroundSize: `${tile.sheetWidth * scale}px ${tile.sheetHeight * scale}px`,
  };
}
