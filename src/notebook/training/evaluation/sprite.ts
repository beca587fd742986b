/** CSS for drawing one 28x28 tile of a PNG sprite sheet at an integer scale. */
import { IMAGE_SIZE } from '../../../data/format';
import type { SpriteTile } from '../../gallery/types';

/** Mistake thumbnails: 28 px drawn at 2x, pixelated. */
export const MISTAKE_SCALE = 2;
/** Side of a mistake thumbnail in CSS px. */
export const MISTAKE_TILE_PX = IMAGE_SIZE * MISTAKE_SCALE;

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
