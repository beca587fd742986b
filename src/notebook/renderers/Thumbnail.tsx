/** A small canvas of one image for strips and galleries; no hover. */
import { memo, useEffect, useRef } from 'react';
import { IMAGE_SIZE } from '../../data/format';
import { drawGreyscale, pickDataAttributes } from './draw';
import './renderers.css';

export interface ThumbnailProps {
  /** rows*cols values 0..255 (floats are rounded), row-major. */
  pixels: ArrayLike<number>;
  /** Rows and columns when both are `size` (28 by default). */
  size?: number;
  rows?: number;
  cols?: number;
  /** CSS pixels per data pixel. */
  zoom?: number;
  title?: string;
  label?: string;
  testId?: string;
  /** Passed to the canvas; only `data-*` keys are kept. */
  dataAttrs?: Record<string, string>;
}

/** Redraws only when `pixels` (by reference) or `size` change. */
export const Thumbnail = memo(function Thumbnail({ pixels, size = IMAGE_SIZE, rows = size, cols = size, zoom = 2, title, label, testId, dataAttrs }: ThumbnailProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvasRef.current) drawGreyscale(canvasRef.current, pixels, rows, cols);
  }, [pixels, rows, cols]);
  return (
    <canvas
      ref={canvasRef}
      className="nb-thumb nb-pixelated"
      width={cols}
      height={rows}
      style={{ width: cols * zoom, height: rows * zoom }}
      title={title}
      role="img"
      aria-label={label ?? title}
      data-testid={testId}
      {...pickDataAttributes(dataAttrs)}
    />
  );
});
