import { memo, useMemo, useState } from 'react';
import { SPLIT_VARIABLES, type SplitName } from '../../data/format';
import { useDatasetSource } from '../hooks/useDatasetSource';
import { useImages } from '../hooks/useImages';
import { LabelStrip } from '../renderers/LabelStrip';
import { tryParseSlice } from '../state/validate';
import { Cell, FieldError, Pending } from './Cell';

/** Thumbnails shown under a slice at most (the label text covers the whole slice). */
const MAX_THUMBNAILS = 100;

export interface LabelsCellProps {
  split: SplitName;
  index: number;
  labels: Uint8Array | null;
  count: number;
  onSelect: (index: number) => void;
}

/** The labels cell: the label of the current sample, and a slice of labels with their images. */
export const LabelsCell = memo(function LabelsCell({ split, index, labels, count, onSelect }: LabelsCellProps) {
  const [bounds, setBounds] = useState({ start: '0', end: '10' });
  const slice = tryParseSlice(bounds.start, bounds.end, count);
  const [applied, setApplied] = useState({ start: 0, end: 10 });
  if (slice.ok && (slice.value.start !== applied.start || slice.value.end !== applied.end)) setApplied(slice.value);
  const shownEnd = Math.min(applied.end, applied.start + MAX_THUMBNAILS);
  const thumbs = useImages(split, applied.start, shownEnd);
  const thumbsReady = thumbs.range?.split === split && thumbs.range.start === applied.start && thumbs.range.end === shownEnd;
  const labelsName = SPLIT_VARIABLES[split].labels;
  const { rows, cols, kind, classNames } = useDatasetSource();
  const current = labels && index < labels.length ? labels[index] : null;
  const sliced = useMemo(() => labels?.subarray(applied.start, applied.end) ?? null, [labels, applied.start, applied.end]);

  return (
    <Cell
      id="labels"
      prose={
        kind === 'mnist'
          ? 'Supervised learning pairs every image with its correct digit. The label of the first training image says 5, matching what we saw; the next labels name the digits that follow, each shown above its image.'
          : `Supervised learning pairs every image with its correct class, a label 0..9${classNames ? ' (its name is shown beside it)' : ''}; the slice shows the labels that follow, each above its image.`
      }
      code={[`${labelsName}[${index}]`, `${labelsName}[${bounds.start}:${bounds.end}]`]}
      controls={
        <span className="slice-fields">
          <code>{labelsName}[</code>
          <input data-testid="cell.labels.slice-start" aria-label="slice start" size={5} value={bounds.start} onChange={(e) => setBounds({ ...bounds, start: e.target.value })} aria-invalid={!slice.ok || undefined} />
          <code>:</code>
          <input data-testid="cell.labels.slice-end" aria-label="slice end" size={5} value={bounds.end} onChange={(e) => setBounds({ ...bounds, end: e.target.value })} aria-invalid={!slice.ok || undefined} />
          <code>]</code>
          <FieldError testId="cell.labels.error" message={slice.ok ? null : slice.error} />
        </span>
      }
    >
      {labels && sliced ? (
        <>
          <pre className="out-text" data-testid="cell.labels.current" data-value={current ?? ''}>
            {current ?? '…'}
            {current !== null && classNames?.[current] ? <span className="muted">{`   # ${classNames[current]}`}</span> : null}
          </pre>
          <LabelStrip
            testId="cell.labels.strip"
            labels={sliced}
            start={applied.start}
            images={thumbsReady ? (thumbs.pixels ?? undefined) : undefined}
            rows={rows}
            cols={cols}
            classNames={classNames}
            onSelect={onSelect}
            selected={index}
            name={SPLIT_VARIABLES[split].images}
          />
        </>
      ) : (
        <Pending>waiting for {labelsName}…</Pending>
      )}
    </Cell>
  );
});
