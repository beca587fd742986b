/** One line naming the hovered pixel and its value, e.g. `training_images[7][14][9] = 253`. */
import { IMAGE_SIZE } from '../../data/format';
import { formatPixelValue } from './format';
import type { PixelPoint, PixelScale } from './types';
import './renderers.css';

export interface PixelReadoutProps {
  /** The expression of the image, e.g. `training_images[7]`. */
  expression: string;
  pixels: ArrayLike<number>;
  point: PixelPoint | null;
  scale?: PixelScale;
  /** Columns per row of `pixels` (28 for MNIST). */
  cols?: number;
  testId?: string;
}

/** Shows a hint when no pixel is hovered, so the line keeps its height. */
export function PixelReadout({ expression, pixels, point, scale = 'int', cols = IMAGE_SIZE, testId }: PixelReadoutProps) {
  const text = point
    ? `${expression}[${point.row}][${point.col}] = ${formatPixelValue(pixels[point.row * cols + point.col], scale)}`
    : 'Hover a pixel to read its value';
  return (
    <p className={point ? 'nb-readout' : 'nb-readout nb-readout--hint'} data-testid={testId} aria-live="polite">
      {text}
    </p>
  );
}
