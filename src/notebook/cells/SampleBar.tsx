import { formatCount } from '../../lib/format';
import { memo, useState } from 'react';
import { SPLIT_VARIABLES, type SplitName } from '../../data/format';
import { tryParseIndex } from '../state/validate';
import type { SampleAction } from '../state/sample';
import { FieldError } from './Cell';

export interface SampleBarProps {
  split: SplitName;
  index: number;
  counts: Record<SplitName, number>;
  dispatch: (action: SampleAction) => void;
}

/** The current sample shared by the pixels, image and labels cells: split and index, validated as typed. */
export const SampleBar = memo(function SampleBar({ split, index, counts, dispatch }: SampleBarProps) {
  // What the learner is typing, tied to the index it was typed against.
  const [draft, setDraft] = useState<{ text: string; base: number } | null>(null);
  const typing = draft !== null && draft.base === index;
  const text = typing ? draft.text : String(index);
  const parsed = typing ? tryParseIndex(draft.text, counts[split]) : null;
  const error = parsed && !parsed.ok ? parsed.error : null;

  const onText = (value: string) => {
    setDraft({ text: value, base: index });
    const r = tryParseIndex(value, counts[split]);
    if (r.ok && r.value !== index) dispatch({ type: 'select', index: r.value });
  };

  return (
    <div className="sample-bar" role="group" aria-label="Current sample">
      <label>
        split{' '}
        <select data-testid="sample.split" value={split} onChange={(e) => dispatch({ type: 'select', split: e.target.value as SplitName, index: 0 })}>
          <option value="train">training_images ({formatCount(counts.train || 60000)})</option>
          <option value="test">test_images ({formatCount(counts.test || 10000)})</option>
        </select>
      </label>
      <label>
        index{' '}
        <input
          data-testid="sample.index"
          className={error ? 'invalid' : ''}
          aria-invalid={error ? true : undefined}
          inputMode="numeric"
          size={7}
          value={text}
          onChange={(e) => onText(e.target.value)}
          onBlur={() => !error && setDraft(null)}
        />
      </label>
      <button type="button" onClick={() => dispatch({ type: 'step', delta: -1 })} disabled={index <= 0} aria-label="Previous sample">
        ◀
      </button>
      <button type="button" onClick={() => dispatch({ type: 'step', delta: 1 })} disabled={index >= counts[split] - 1} aria-label="Next sample">
        ▶
      </button>
      <code className="sample-expr">
        {SPLIT_VARIABLES[split].images}[{index}]
      </code>
      <FieldError testId="sample.error" message={error} />
    </div>
  );
});
