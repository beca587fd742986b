import { useRef } from 'react';
import type { PixelPoint } from './types';

/**
 * Reports the hovered pixel to `onHover` only when it changes (mouse moves within one pixel are
 * dropped), and null when the pointer leaves.
 */
export function useHoverPoint(onHover: ((point: PixelPoint | null) => void) | undefined, cols: number): { report: (point: PixelPoint) => void; leave: () => void } {
  const last = useRef(-1);
  return {
    report: (point) => {
      const key = point.row * cols + point.col;
      if (!onHover || key === last.current) return;
      last.current = key;
      onHover(point);
    },
    leave: () => {
      last.current = -1;
      onHover?.(null);
    },
  };
}
