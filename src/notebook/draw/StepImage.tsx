/** One preprocessing step's grey image of any size, fitted into a square box (pixels stay crisp when enlarged). */
import { memo, useEffect, useRef } from 'react';
import { greyToRgba } from '../renderers/draw';

export interface StepImageProps {
  width: number;
  height: number;
  /** width*height values 0..255, row-major. */
  pixels: ArrayLike<number>;
  /** The box's side in CSS pixels. */
  box: number;
  /** Draw the image at this scale (CSS px per image px) instead of fitting it, e.g. to show it inside a 20x20 frame. */
  scale?: number;
  label: string;
  testId?: string;
  dataAttrs?: Record<`data-${string}`, string | number>;
}

export const StepImage = memo(function StepImage({ width, height, pixels, box, scale, label, testId, dataAttrs }: StepImageProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || width < 1 || height < 1) return;
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const image = ctx.createImageData(width, height);
    greyToRgba(pixels, image.data);
    ctx.putImageData(image, 0, 0);
  }, [pixels, width, height]);
  const k = scale ?? box / Math.max(width, height, 1);
  // Shrinking (the raw drawing) reads better smoothed; enlarging should show whole pixels.
  const crisp = k >= 1;
  return (
    <canvas
      ref={ref}
      className={crisp ? 'draw-step__canvas nb-pixelated' : 'draw-step__canvas'}
      width={width}
      height={height}
      style={{ width: width * k, height: height * k }}
      role="img"
      aria-label={label}
      data-testid={testId}
      {...dataAttrs}
    />
  );
});
