/** One image drawn crisp and large on a canvas, with hover-to-pixel mapping and a highlight square. */
import { memo, useEffect, useRef, type MouseEvent } from 'react';
import { IMAGE_SIZE } from '../../data/format';
import { drawGreyscale, pickDataAttributes } from './draw';
import { useHoverPoint } from './useHoverPoint';
import type { PixelPoint } from './types';
import './renderers.css';

export interface PixelImageProps {
  /** rows*cols values 0..255, row-major; 0 draws black, 255 white. */
  pixels: ArrayLike<number>;
  /** Rows and columns when both are `size` (28 by default). */
  size?: number;
  rows?: number;
  cols?: number;
  /** CSS pixels per data pixel. */
  zoom?: number;
  highlight?: PixelPoint | null;
  onHover?: (point: PixelPoint | null) => void;
  testId?: string;
  /** Passed to the canvas; only `data-*` keys are kept (e.g. data-index, data-split). */
  dataAttrs?: Record<string, string>;
  /** Accessible name, e.g. "training_images[0], a handwritten 5". */
  label?: string;
}

/** The canvas never redraws on hover: the highlight is an overlay square. */
export const PixelImage = memo(function PixelImage({
  pixels,
  size = IMAGE_SIZE,
  rows = size,
  cols = size,
  zoom = 10,
  highlight = null,
  onHover,
  testId,
  dataAttrs,
  label,
}: PixelImageProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const hover = useHoverPoint(onHover, cols);
  const width = cols * zoom;
  const height = rows * zoom;

  useEffect(() => {
    if (canvasRef.current) drawGreyscale(canvasRef.current, pixels, rows, cols);
  }, [pixels, rows, cols]);

  const handleMove = (event: MouseEvent<HTMLCanvasElement>) => {
    if (!onHover) return;
    const rect = event.currentTarget.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return;
    const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, Math.floor(v)));
    const point = {
      row: clamp(((event.clientY - rect.top) / rect.height) * rows, rows),
      col: clamp(((event.clientX - rect.left) / rect.width) * cols, cols),
    };
    hover.report(point);
  };
  const handleLeave = hover.leave;

  const inside = highlight && highlight.row >= 0 && highlight.row < rows && highlight.col >= 0 && highlight.col < cols;
  return (
    <div className="nb-pixel-image" style={{ width, height }}>
      <canvas
        ref={canvasRef}
        className="nb-pixelated"
        width={cols}
        height={rows}
        style={{ width, height }}
        role="img"
        aria-label={label}
        data-testid={testId}
        {...pickDataAttributes(dataAttrs)}
        onMouseMove={handleMove}
        onMouseLeave={handleLeave}
      />
      {inside && (
        <div
          className="nb-pixel-image__mark"
          aria-hidden="true"
          style={{ transform: `translate(${highlight.col * zoom}px, ${highlight.row * zoom}px)`, width: zoom, height: zoom }}
        />
      )}
    </div>
  );
});
