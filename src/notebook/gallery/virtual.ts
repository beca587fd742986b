/** Window math for the virtualized gallery: which rows are in the DOM, keyboard neighbours, scroll targets. */

/** Gallery geometry in CSS px: a 28px tile at 2x, its caption, and the gaps around it. */
export const GALLERY_LAYOUT = Object.freeze({
  tile: 56,
  cellWidth: 64,
  rowHeight: 76,
  paddingX: 8,
  overscan: 3,
});

export interface VisibleRangeInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  columns: number;
  count: number;
  overscan: number;
}

/** Inclusive rows and items to render; lastRow < firstRow (and lastItem < firstItem) when there are none. */
export interface VisibleRange {
  firstRow: number;
  lastRow: number;
  firstItem: number;
  lastItem: number;
}

/** Rows of a gallery of `count` items in rows of `columns`. */
export function rowCount(count: number, columns: number): number {
  return count > 0 ? Math.ceil(count / Math.max(1, columns)) : 0;
}

/** Columns that fit in `width` (at least one, so a narrow container still shows items). */
export function columnsFor(width: number, cellWidth: number, paddingX = 0): number {
  return Math.max(1, Math.floor((width - 2 * paddingX) / cellWidth));
}

/** The rows intersecting the viewport, widened by `overscan` rows each side and clamped to the content. */
export function visibleRange({ scrollTop, viewportHeight, rowHeight, columns, count, overscan }: VisibleRangeInput): VisibleRange {
  const cols = Math.max(1, Math.floor(columns));
  const rows = rowCount(count, cols);
  if (rows === 0 || rowHeight <= 0) return { firstRow: 0, lastRow: -1, firstItem: 0, lastItem: -1 };
  // A stale scrollTop past the content (the list just shrank) still shows the last screenful.
  const height = Math.max(1, viewportHeight);
  const top = Math.max(0, Math.min(scrollTop, rows * rowHeight - height));
  const bottom = top + height;
  const firstRow = Math.min(rows - 1, Math.max(0, Math.floor(top / rowHeight) - overscan));
  const lastRow = Math.min(rows - 1, Math.ceil(bottom / rowHeight) - 1 + overscan);
  return { firstRow, lastRow, firstItem: firstRow * cols, lastItem: Math.min(count - 1, (lastRow + 1) * cols - 1) };
}

/** A keyboard move in the gallery. */
export type GalleryMove = 'left' | 'right' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

const KEY_MOVES: Readonly<Record<string, GalleryMove>> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
  PageUp: 'pageUp',
  PageDown: 'pageDown',
  Home: 'home',
  End: 'end',
};

/** The move a KeyboardEvent.key means, or null for keys the gallery leaves alone. */
export function moveForKey(key: string): GalleryMove | null {
  return KEY_MOVES[key] ?? null;
}

/**
 * Position (in the filtered list) after `move` from position `k`, in rows of `columns`. Left/right
 * cross row ends; up stays put on the first row; down from the row above a short last row lands on
 * the last item; pages move `pageRows` rows and clamp to the ends.
 */
export function neighbour(k: number, move: GalleryMove, columns: number, count: number, pageRows = 1): number {
  if (count <= 0) return -1;
  const cols = Math.max(1, Math.floor(columns));
  const at = Math.min(count - 1, Math.max(0, k));
  const last = count - 1;
  switch (move) {
    case 'left':
      return Math.max(0, at - 1);
    case 'right':
      return Math.min(last, at + 1);
    case 'up':
      return at - cols >= 0 ? at - cols : at;
    case 'down':
      if (at + cols <= last) return at + cols;
      return Math.floor(at / cols) < Math.floor(last / cols) ? last : at;
    case 'pageUp': {
      const step = cols * Math.max(1, pageRows);
      return at - step >= 0 ? at - step : at % cols;
    }
    case 'pageDown': {
      const step = cols * Math.max(1, pageRows);
      return Math.min(last, at + step);
    }
    case 'home':
      return 0;
    case 'end':
      return last;
  }
}

export interface RevealInput {
  row: number;
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  rows: number;
  /** nearest: scroll as little as possible; center: put the row mid-viewport unless already fully visible. */
  align: 'nearest' | 'center';
}

/** The scrollTop that shows `row` fully (unchanged if it already is), clamped to the scrollable range. */
export function scrollTopToReveal({ row, scrollTop, viewportHeight, rowHeight, rows, align }: RevealInput): number {
  const top = row * rowHeight;
  const bottom = top + rowHeight;
  const maxTop = Math.max(0, rows * rowHeight - viewportHeight);
  const clamp = (v: number) => Math.min(maxTop, Math.max(0, Math.round(v)));
  if (top >= scrollTop && bottom <= scrollTop + viewportHeight) return scrollTop;
  if (align === 'center') return clamp(top - (viewportHeight - rowHeight) / 2);
  return clamp(top < scrollTop ? top : bottom - viewportHeight);
}

/**
 * Position of dataset index `index` in a filtered list given by `indexAt`, or -1. Binary search when the
 * list is ascending (filters keep dataset order), with a linear scan as a fallback for any other order.
 */
export function findPosition(count: number, indexAt: (k: number) => number, index: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = indexAt(mid);
    if (v === index) return mid;
    if (v < index) lo = mid + 1;
    else hi = mid - 1;
  }
  for (let k = 0; k < count; k++) if (indexAt(k) === index) return k;
  return -1;
}
