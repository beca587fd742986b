import { formatCount } from '../../lib/format';
import { memo, useCallback, useMemo, useState } from 'react';
import { DATA_URL_PATH, NUM_CLASSES, SPLIT_VARIABLES, type Manifest, type SplitName } from '../../data/format';
import { Gallery } from '../gallery/Gallery';
import { spriteTile } from '../gallery/sprite';
import { useDatasetSource } from '../hooks/useDatasetSource';
import type { SampleAction } from '../state/sample';
import type { DigitFilter } from '../state/url-state';
import { tryParseIndex } from '../state/validate';
import { Cell, FieldError, Pending } from './Cell';

export interface GalleryCellProps {
  split: SplitName;
  index: number;
  filter: DigitFilter;
  manifest: Manifest | null;
  labels: Uint8Array | null;
  dispatch: (action: SampleAction) => void;
  /** A confusion-matrix cell chosen in the evaluation: only its test images are shown. */
  pair?: { trueLabel: number; predicted: number; indices: Int32Array } | null;
  /** Test images picked on the embedding map ("Inside the network"), shown when there is no pair. */
  selection?: Int32Array | null;
  onClearSelection?: () => void;
  onClearPair?: () => void;
}

/** Dataset indices with label `filter` (all indices for 'all'), in canonical order. */
export function filterIndices(labels: Uint8Array, filter: DigitFilter): Int32Array | null {
  if (filter === 'all') return null;
  let n = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === filter) n++;
  const out = new Int32Array(n);
  for (let i = 0, k = 0; i < labels.length; i++) if (labels[i] === filter) out[k++] = i;
  return out;
}

/** The gallery cell: every image of a split in a virtualized gallery; click or arrow keys choose the sample. */
export const GalleryCell = memo(function GalleryCell({ split, index, filter, manifest, labels, dispatch, pair = null, onClearPair, selection = null, onClearSelection }: GalleryCellProps) {
  const { kind, classNames } = useDatasetSource();
  const [jump, setJump] = useState('');
  const [jumpError, setJumpError] = useState<string | null>(null);
  const [scrollToItem, setScrollToItem] = useState<{ k: number; token: number } | undefined>(undefined);
  const count = manifest?.splits[split].count ?? 0;
  const pairShown = pair && split === 'test' ? pair : null;
  const selectionShown = !pairShown && selection && split === 'test' ? selection : null;
  const byLabel = useMemo(() => (labels ? filterIndices(labels, filter) : null), [labels, filter]);
  const filtered = pairShown ? pairShown.indices : (selectionShown ?? byLabel);
  const itemCount = filtered ? filtered.length : count;
  const indexAt = useCallback((k: number) => (filtered ? filtered[k] : k), [filtered]);
  const labelOf = useCallback((i: number) => (labels ? labels[i] : -1), [labels]);
  const baseUrl = useMemo(() => new URL(DATA_URL_PATH, document.baseURI).href, []);
  const sprite = useCallback((i: number) => spriteTile(manifest, split, baseUrl, i), [manifest, split, baseUrl]);
  const onSelect = useCallback((i: number) => dispatch({ type: 'select', index: i }), [dispatch]);

  const doJump = () => {
    const r = tryParseIndex(jump, count);
    if (!r.ok) return setJumpError(r.error);
    setJumpError(null);
    let k = filtered ? filtered.indexOf(r.value) : r.value;
    if (k < 0) {
      // The image is not in the current filter: show all images so it can be seen in context.
      onClearPair?.();
      onClearSelection?.();
      dispatch({ type: 'filter', filter: 'all' });
      k = r.value;
    }
    dispatch({ type: 'select', index: r.value });
    setScrollToItem({ k, token: Date.now() });
  };

  return (
    <Cell
      id="gallery"
      prose={
        kind === 'mnist'
          ? 'Every image of the split, in order. Filter by label to see how differently people write the same digit; click an image (or use the arrow keys) to make it the current sample in the cells above.'
          : 'Every image of the split, in order. Filter by label to see how varied one class is; click an image (or use the arrow keys) to make it the current sample in the cells above.'
      }
      code={[
        pairShown
          ? `test_images[(test_labels == ${pairShown.trueLabel}) & (predictions == ${pairShown.predicted})]`
          : selectionShown
            ? 'test_images[selected]  # picked on the map'
            : filter === 'all'
            ? `${SPLIT_VARIABLES[split].images}[:]`
            : `${SPLIT_VARIABLES[split].images}[${SPLIT_VARIABLES[split].labels} == ${filter}]`,
      ]}
      controls={
        <span className="gallery-controls">
          <label>
            split{' '}
            <select value={split} onChange={(e) => dispatch({ type: 'select', split: e.target.value as SplitName, index: 0 })} aria-label="Gallery split">
              <option value="train">train</option>
              <option value="test">test</option>
            </select>
          </label>
          <label>
            label{' '}
            <select
              data-testid="gallery.filter"
              value={String(filter)}
              onChange={(e) => {
                onClearPair?.();
                dispatch({ type: 'filter', filter: e.target.value === 'all' ? 'all' : (Number(e.target.value) as DigitFilter) });
              }}
            >
              <option value="all">all</option>
              {Array.from({ length: NUM_CLASSES }, (_, d) => (
                <option key={d} value={d}>
                  {classNames ? `${d}: ${classNames[d]}` : d}
                </option>
              ))}
            </select>
          </label>
          <form
            className="jump"
            onSubmit={(e) => {
              e.preventDefault();
              doJump();
            }}
          >
            <label>
              jump to{' '}
              <input data-testid="gallery.jump" size={7} inputMode="numeric" value={jump} placeholder="index" onChange={(e) => setJump(e.target.value)} aria-invalid={jumpError ? true : undefined} />
            </label>
            <button type="submit">Go</button>
          </form>
          <FieldError testId="gallery.jump.error" message={jumpError} />
          {pairShown && (
            <span className="gallery-pair" data-testid="gallery.pair" data-true={pairShown.trueLabel} data-predicted={pairShown.predicted}>
              true {pairShown.trueLabel}, predicted {pairShown.predicted}{' '}
              <button type="button" data-testid="gallery.pair.clear" onClick={onClearPair} aria-label="Show all images again">
                ×
              </button>
            </span>
          )}
          {selectionShown && (
            <span className="gallery-pair" data-testid="gallery.selection" data-count={selectionShown.length}>
              {formatCount(selectionShown.length)} picked on the map{' '}
              <button type="button" data-testid="gallery.selection.clear" onClick={onClearSelection} aria-label="Show all images again">
                ×
              </button>
            </span>
          )}
          <span className="muted">{labels ? `${formatCount(itemCount)} images` : ''}</span>
        </span>
      }
    >
      {manifest && labels ? (
        <Gallery count={itemCount} indexAt={indexAt} labelOf={labelOf} sprite={sprite} selected={index} onSelect={onSelect} scrollToItem={scrollToItem} name={SPLIT_VARIABLES[split].images} />
      ) : (
        <Pending>the gallery appears once the labels are loaded…</Pending>
      )}
    </Cell>
  );
});
