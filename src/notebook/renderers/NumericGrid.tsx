/** `print(training_images[i])` as a heat-shaded table of numbers, rows x cols (28x28 for MNIST). */
import { memo, useLayoutEffect, useMemo, useRef, type MouseEvent } from 'react';
import { IMAGE_SIZE } from '../../data/format';
import { formatPixelValue } from './format';
import { clampPixel, heatShade } from './shade';
import { useHoverPoint } from './useHoverPoint';
import type { PixelPoint, PixelScale } from './types';
import './renderers.css';

export interface NumericGridProps {
  /** rows*cols values 0..255, row-major. */
  pixels: ArrayLike<number>;
  /** Rows and columns when both are `size` (28 by default). */
  size?: number;
  rows?: number;
  cols?: number;
  scale: PixelScale;
  highlight?: PixelPoint | null;
  onHover?: (point: PixelPoint | null) => void;
  testId?: string;
  /** Accessible name, e.g. "training_images[0] as numbers". */
  label?: string;
}

/** The pixel table; hover and highlight never re-render the 784 cells (highlight is set on the DOM). */
export const NumericGrid = memo(function NumericGrid({
  pixels,
  size = IMAGE_SIZE,
  rows = size,
  cols = size,
  scale,
  highlight = null,
  onHover,
  testId = 'cell.pixels.grid',
  label,
}: NumericGridProps) {
  const tableRef = useRef<HTMLTableElement>(null);
  const hover = useHoverPoint(onHover, cols);

  const body = useMemo(() => {
    const trs = [];
    for (let r = 0; r < rows; r++) {
      const cells = [];
      for (let c = 0; c < cols; c++) {
        const v = clampPixel(pixels[r * cols + c]);
        const shade = heatShade(v);
        cells.push(
          <td key={c} data-value={v} style={{ background: shade.background, color: shade.color }}>
            {formatPixelValue(v, scale)}
          </td>,
        );
      }
      trs.push(<tr key={r}>{cells}</tr>);
    }
    return <tbody>{trs}</tbody>;
  }, [pixels, rows, cols, scale]);

  const row = highlight?.row ?? -1;
  const col = highlight?.col ?? -1;
  useLayoutEffect(() => {
    const cell = tableRef.current?.tBodies[0]?.rows[row]?.cells[col];
    if (!cell) return;
    cell.setAttribute('data-highlight', '');
    cell.setAttribute('aria-current', 'true');
    return () => {
      cell.removeAttribute('data-highlight');
      cell.removeAttribute('aria-current');
    };
  }, [row, col, body]);

  const handleMove = (event: MouseEvent<HTMLTableElement>) => {
    if (!onHover) return;
    const cell = (event.target as Element).closest('td');
    const tr = cell?.parentElement;
    if (!cell || !(tr instanceof HTMLTableRowElement)) return;
    const point = { row: tr.sectionRowIndex, col: cell.cellIndex };
    hover.report(point);
  };
  const handleLeave = hover.leave;

  return (
    <div className="nb-grid-scroll">
      <table
        ref={tableRef}
        className={`nb-grid nb-grid--${scale}`}
        data-testid={testId}
        data-scale={scale}
        aria-label={label}
        onMouseMove={handleMove}
        onMouseLeave={handleLeave}
      >
        {body}
      </table>
    </div>
  );
});
