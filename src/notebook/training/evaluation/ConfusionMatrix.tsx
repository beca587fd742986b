/** 10x10 confusion matrix: heat-shaded counts, every cell a toggle that picks that (true, predicted) pair. */
import { memo, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { formatCount } from '../../../lib/format';
import { confusionView, moveInGrid, type GridPosition } from './confusion';
import { classLabel, type ClassNames } from './format';
import './confusion.css';

export interface ConfusionMatrixProps {
  /** Counts, confusion[trueLabel][predicted]. */
  confusion: number[][];
  selected: { trueLabel: number; predicted: number } | null;
  onSelect: (trueLabel: number, predicted: number) => void;
  /** Names of the classes for the axes and cell names (e.g. Fashion-MNIST's); null or absent shows the digits. */
  classNames?: ClassNames;
}

/** One tab stop for the whole grid (arrow keys, Home/End move within it), so a keyboard user is not walked through 100 buttons. */
export const ConfusionMatrix = memo(function ConfusionMatrix({ confusion, selected, onSelect, classNames }: ConfusionMatrixProps) {
  const view = useMemo(() => confusionView(confusion, classNames), [confusion, classNames]);
  const named = classNames != null;
  const what = named ? 'class' : 'digit';
  const tableRef = useRef<HTMLTableElement>(null);
  const [focused, setFocused] = useState<GridPosition | null>(null);
  const size = view.rows.length;
  const inside = (p: GridPosition | null): p is GridPosition => p !== null && p.row >= 0 && p.row < size && p.col >= 0 && p.col < size;
  const selectedPosition = selected ? { row: selected.trueLabel, col: selected.predicted } : null;
  const stop = inside(focused) ? focused : inside(selectedPosition) ? selectedPosition : { row: 0, col: 0 };

  const handleKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    const target = event.target as HTMLElement;
    const row = Number(target.dataset.true);
    const col = Number(target.dataset.predicted);
    if (!Number.isInteger(row) || !Number.isInteger(col) || target.tagName !== 'BUTTON') return;
    const next = moveInGrid({ row, col }, event.key, size);
    if (!next) return;
    event.preventDefault();
    tableRef.current?.querySelector<HTMLButtonElement>(`button[data-true="${next.row}"][data-predicted="${next.col}"]`)?.focus();
  };

  if (size === 0) return <p className="nb-eval-confusion__empty">No evaluation yet.</p>;

  return (
    <div className="nb-eval-confusion">
      <table ref={tableRef} className="nb-eval-confusion__table" data-testid="eval.confusion" onKeyDown={handleKeyDown}>
        <caption className="nb-eval-confusion__caption">
          Confusion matrix of {formatCount(view.total)} images: rows are the true {what}, columns the prediction. Pick a cell to see
          its images; arrow keys move between cells.
        </caption>
        <thead>
          <tr>
            <td colSpan={2} className="nb-eval-confusion__corner" />
            <th colSpan={size} scope="colgroup" className="nb-eval-confusion__axis nb-eval-confusion__axis--x">
              predicted
            </th>
            <td className="nb-eval-confusion__corner" />
          </tr>
          <tr>
            <td colSpan={2} className="nb-eval-confusion__corner" />
            {view.rows.map((r) => (
              <th key={r.trueLabel} scope="col" className={named ? 'nb-eval-confusion__head nb-eval-confusion__head--named' : 'nb-eval-confusion__head'} title={named ? classLabel(classNames, r.trueLabel) : undefined}>
                {named ? <span>{classLabel(classNames, r.trueLabel)}</span> : r.trueLabel}
              </th>
            ))}
            <th scope="col" className="nb-eval-confusion__head nb-eval-confusion__head--total">
              total
            </th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((r) => (
            <tr key={r.trueLabel}>
              {r.trueLabel === 0 && (
                <th rowSpan={size} scope="rowgroup" className="nb-eval-confusion__axis nb-eval-confusion__axis--y">
                  <span>true label</span>
                </th>
              )}
              <th scope="row" className="nb-eval-confusion__head">
                {classLabel(classNames, r.trueLabel)}
              </th>
              {r.cells.map((c) => {
                const isSelected = selected !== null && selected.trueLabel === c.trueLabel && selected.predicted === c.predicted;
                const isStop = stop.row === c.trueLabel && stop.col === c.predicted;
                return (
                  <td key={c.predicted} className="nb-eval-confusion__td">
                    <button
                      type="button"
                      className={`nb-eval-confusion__cell${c.diagonal ? ' nb-eval-confusion__cell--diagonal' : ''}`}
                      style={{ background: c.shade.background, color: c.shade.color }}
                      aria-label={c.label}
                      aria-pressed={isSelected}
                      tabIndex={isStop ? 0 : -1}
                      title={c.label}
                      data-testid="eval.confusion.cell"
                      data-true={c.trueLabel}
                      data-predicted={c.predicted}
                      data-count={c.count}
                      onFocus={() => setFocused({ row: c.trueLabel, col: c.predicted })}
                      onClick={() => onSelect(c.trueLabel, c.predicted)}
                    >
                      {formatCount(c.count)}
                    </button>
                  </td>
                );
              })}
              <td className="nb-eval-confusion__total">{formatCount(r.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
