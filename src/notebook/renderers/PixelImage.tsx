/** One image drawn crisp and large on a canvas, with hover-to-pixel mapping and a highlight square. */
import { memo, useEffect, useRef, type MouseEvent } from 'react';
import { IMAGE_SIZE } from '../../data/format';
import { drawGreyscale, pickDataAttributes } from './draw';
import { useHoverPoint } from './useHoverPoint';
import type { PixelPoint } from './types';
import './renderers.css';

export interface PixelImageProps {
  /** size*size values 0..255, row-major; 0 draws black, 255 white. */
  pixels: ArrayLike<number>;
  size?: number;
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
  zoom = 10,
  highlight = null,
  onHover,
  testId,
  dataAttrs,
  label,
}: PixelImageProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const hover = useHoverPoint(onHover, size);
  const px = size * zoom;

  useEffect(() => {
    if (canvasRef.current) drawGreyscale(canvasRef.current, pixels, size);
  }, [pixels, size]);

  const handleMove = (event: MouseEvent<HTMLCanvasElement>) => {
    if (!onHover) return;
    const rect = event.currentTarget.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return;
    const clamp = (v: number) => Math.min(size - 1, Math.max(0, Math.floor(v)));
    const point = {
      row: clamp(((event.clientY - rect.top) / rect.height) * size),
      col: clamp(((event.clientX - rect.left) / rect.width) * size),
    };
    hover.report(point);
  };
  const handleLeave = hover.leave;

  const inside = highlight && highlight.row >= 0 && highlight.row < size && highlight.col >= 0 && highlight.col < size;
  return (
    <div className="nb-pixel-image" style={{ width: px, height: px }}>
      <canvas
        ref={canvasRef}
        className="nb-pixelated"
        width={size}
        height={size}
        style={{ width: px, height: px }}
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
