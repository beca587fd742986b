/** Virtualized thumbnail gallery for up to 60,000 images: only visible rows (plus overscan) are in the DOM. */
import { memo, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactElement } from 'react';
import { GalleryItem } from './GalleryItem';
import type { SpriteTile } from './types';
import { GALLERY_LAYOUT, columnsFor, findPosition, moveForKey, neighbour, rowCount, scrollTopToReveal, visibleRange } from './virtual';
import './gallery.css';

export interface GalleryProps {
  /** Items after filtering. */
  count: number;
  /** Dataset index of the k-th item (0 <= k < count); ascending order makes keyboard lookups O(log n). */
  indexAt: (k: number) => number;
  labelOf: (index: number) => number;
  /** The image's tile in a loaded sprite sheet, or null while its sheet is still loading. */
  sprite: (index: number) => SpriteTile | null;
  /** Selected dataset index. */
  selected: number | null;
  onSelect: (index: number) => void;
  /** Scrolls the k-th item into view (centred) whenever `token` changes. */
  scrollToItem?: { k: number; token: number } | null;
  /** Variable name for tooltips, e.g. training_images. */
  name?: string;
  /** Scroller height in CSS px. */
  height?: number;
  /** Accessible name of the listbox. */
  label?: string;
  /** Shown when count is 0. */
  emptyText?: string;
}

const { rowHeight, cellWidth, paddingX, overscan } = GALLERY_LAYOUT;

/** Scroll position is read once per animation frame and kept only as a row number, so scrolling within a row renders nothing. */
export const Gallery = memo(function Gallery({
  count,
  indexAt,
  labelOf,
  sprite,
  selected,
  onSelect,
  scrollToItem = null,
  name = 'training_images',
  height = 420,
  label = 'Image gallery',
  emptyText = 'No images to show.',
}: GalleryProps) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const frameRef = useRef(0);
  const handledTokenRef = useRef<number | null>(null);
  const [box, setBox] = useState({ columns: 0, viewportHeight: 0 });
  const [scrollRow, setScrollRow] = useState(0);
  const baseId = useId();

  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const measure = () => {
      const columns = columnsFor(el.clientWidth, cellWidth, paddingX);
      const viewportHeight = el.clientHeight;
      setBox((prev) => (prev.columns === columns && prev.viewportHeight === viewportHeight ? prev : { columns, viewportHeight }));
    };
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => () => cancelAnimationFrame(frameRef.current), []);

  const columns = Math.max(1, box.columns);
  const rows = rowCount(count, columns);

  useEffect(() => {
    const el = scrollerRef.current;
    if (!el || !scrollToItem || box.columns === 0 || count === 0 || handledTokenRef.current === scrollToItem.token) return;
    handledTokenRef.current = scrollToItem.token;
    const k = Math.min(count - 1, Math.max(0, scrollToItem.k));
    el.scrollTop = scrollTopToReveal({
      row: Math.floor(k / box.columns),
      scrollTop: el.scrollTop,
      viewportHeight: el.clientHeight,
      rowHeight,
      rows: rowCount(count, box.columns),
      align: 'center',
    });
  }, [scrollToItem, box.columns, count]);

  const syncScrollRow = () => {
    const el = scrollerRef.current;
    if (el) setScrollRow(Math.floor(el.scrollTop / rowHeight));
  };

  const handleScroll = () => {
    if (frameRef.current) return;
    frameRef.current = requestAnimationFrame(() => {
      frameRef.current = 0;
      syncScrollRow();
    });
  };

  const handleClick = (event: MouseEvent<HTMLDivElement>) => {
    const item = (event.target as Element).closest<HTMLElement>('[data-testid="gallery.item"]');
    if (item?.dataset.index !== undefined) onSelect(Number(item.dataset.index));
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const move = moveForKey(event.key);
    if (!move || count === 0 || box.columns === 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    const el = event.currentTarget;
    const current = selected === null ? -1 : findPosition(count, indexAt, selected);
    const firstVisible = Math.min(count - 1, Math.ceil(el.scrollTop / rowHeight) * columns);
    const pageRows = Math.max(1, Math.floor(el.clientHeight / rowHeight) - 1);
    const k =
      current >= 0 || move === 'home' || move === 'end'
        ? neighbour(Math.max(current, 0), move, columns, count, pageRows)
        : firstVisible;
    el.scrollTop = scrollTopToReveal({
      row: Math.floor(k / columns),
      scrollTop: el.scrollTop,
      viewportHeight: el.clientHeight,
      rowHeight,
      rows,
      align: 'nearest',
    });
    syncScrollRow();
    if (k !== current) onSelect(indexAt(k));
  };

  const range =
    box.columns === 0
      ? null
      : visibleRange({ scrollTop: scrollRow * rowHeight, viewportHeight: box.viewportHeight + rowHeight, rowHeight, columns, count, overscan });
  const rowElements: ReactElement[] = [];
  let activeId: string | undefined;
  if (range) {
    for (let r = range.firstRow; r <= range.lastRow; r++) {
      const items: ReactElement[] = [];
      for (let k = r * columns; k < Math.min(count, (r + 1) * columns); k++) {
        const index = indexAt(k);
        const tile = sprite(index);
        const id = `${baseId}-${index}`;
        const isSelected = index === selected;
        if (isSelected) activeId = id;
        items.push(
          <GalleryItem
            key={index}
            id={id}
            index={index}
            label={labelOf(index)}
            url={tile?.url ?? null}
            x={tile?.x ?? 0}
            y={tile?.y ?? 0}
            sheetWidth={tile?.sheetWidth ?? 0}
            sheetHeight={tile?.sheetHeight ?? 0}
            tileWidth={tile?.tileWidth ?? 0}
            tileHeight={tile?.tileHeight ?? 0}
            selected={isSelected}
            name={name}
          />,
        );
      }
      rowElements.push(
        <div
          key={r}
          className="nb-gallery__row"
          role="presentation"
          style={{ transform: `translateY(${r * rowHeight}px)`, gridTemplateColumns: `repeat(${columns}, ${cellWidth}px)` }}
        >
          {items}
        </div>,
      );
    }
  }

  return (
    <div
      ref={scrollerRef}
      className="nb-gallery"
      data-testid="gallery.scroller"
      data-count={count}
      data-columns={box.columns}
      role="listbox"
      aria-label={label}
      aria-activedescendant={activeId}
      tabIndex={0}
      style={{ height }}
      onScroll={handleScroll}
      onClick={handleClick}
      onKeyDown={handleKeyDown}
    >
      {count === 0 ? (
        <p className="nb-gallery__empty">{emptyText}</p>
      ) : (
        <div className="nb-gallery__spacer" role="presentation" style={{ height: rows * rowHeight }}>
          {rowElements}
        </div>
      )}
    </div>
  );
});
