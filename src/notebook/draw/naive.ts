/** The comparison that shows why the preprocessing matters: the raw drawing merely shrunk to 28x28. */
import { IMAGE_SIZE, MAX_PIXEL } from '../../data/format';
import { areaResize, type GreyImage } from '../../data/strokes';

/** `raster` shrunk (area averaging) to 28x28 bytes with no crop, fit or centring: what a model would get without MNIST's steps. */
export function shrinkToInput(raster: GreyImage): Uint8Array {
  const values = areaResize(raster.pixels, raster.width, raster.height, IMAGE_SIZE, IMAGE_SIZE);
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.min(MAX_PIXEL, Math.max(0, Math.round(values[i])));
  return out;
}
