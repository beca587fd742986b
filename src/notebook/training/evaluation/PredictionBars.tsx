/** One sample's class probabilities as ten bars, and how they moved epoch by epoch ("watch one sample learn"). */
import { memo, useMemo } from 'react';
import { NUM_CLASSES } from '../../../data/format';
import { formatPercent } from '../../../lib/format';
import { classLabel, formatPrediction, formatStripPercent, type ClassNames } from './format';
import { historyRows, predictionView } from './prediction';
import './prediction.css';

export interface PredictionBarsProps {
  /** The sample's expression, e.g. training_images[0]. */
  variable: string;
  /** True label, when known. */
  label: number | null;
  /** Ten probabilities, or null before a model exists. */
  probabilities: readonly number[] | null;
  /** The sample's probabilities after each epoch, oldest first. */
  history: readonly { epoch: number; probabilities: readonly number[] }[];
  /** A newer prediction is being computed; the bars shown are stale. */
  pending?: boolean;
  /** Names of the classes under the bars and in the texts; null or absent shows the digits. */
  classNames?: ClassNames;
}

const DIGITS = Array.from({ length: NUM_CLASSES }, (_, d) => d);

export const PredictionBars = memo(function PredictionBars({ variable, label, probabilities, history, pending = false, classNames }: PredictionBarsProps) {
  const view = useMemo(() => (probabilities ? predictionView(probabilities, label) : null), [probabilities, label]);
  const rows = useMemo(() => historyRows(history), [history]);
  const named = classNames != null;
  const name = (c: number) => classLabel(classNames, c);

  return (
    <section className={pending ? 'nb-eval-pred nb-eval-pred--pending' : 'nb-eval-pred'} data-testid="eval.prediction" aria-busy={pending}>
      <p className="nb-eval-pred__head">
        <code className="nb-eval-pred__variable">{variable}</code>
        {view && (
          <span
            className={`nb-eval-pred__top${label === null ? '' : view.top === label ? ' nb-eval-pred__top--right' : ' nb-eval-pred__top--wrong'}`}
            data-testid="eval.prediction.top"
            data-digit={view.top}
          >
            {formatPrediction(view.top, view.topProbability, classNames)}
            {label !== null && (view.top === label ? ' ✓' : ' ✗')}
          </span>
        )}
        {label !== null && <span className="nb-eval-pred__true">true: {name(label)}</span>}
        {pending && <span className="nb-eval-pred__pending">updating…</span>}
      </p>

      {view ? (
        <ol className={named ? 'nb-eval-pred__bars nb-eval-pred__bars--named' : 'nb-eval-pred__bars'} aria-label={`Probability per ${named ? 'class' : 'digit'} for ${variable}`}>
          {view.bars.map((b) => (
            <li
              key={b.digit}
              className={`nb-eval-pred__bar${b.isTop ? ' nb-eval-pred__bar--top' : ''}${b.isTrue ? ' nb-eval-pred__bar--true' : ''}`}
              aria-label={`${name(b.digit)}: ${formatPercent(b.probability)}${b.isTop ? ', predicted' : ''}${b.isTrue ? ', true label' : ''}`}
              data-testid="eval.prediction.bar"
              data-digit={b.digit}
              data-probability={b.probability}
            >
              <span className="nb-eval-pred__value" aria-hidden="true">
                {formatPercent(b.probability)}
              </span>
              <span className="nb-eval-pred__track" aria-hidden="true">
                <span className="nb-eval-pred__fill" style={{ height: `${b.probability * 100}%` }} />
              </span>
              <span className="nb-eval-pred__digit" aria-hidden="true" title={named ? name(b.digit) : undefined}>
                {name(b.digit)}
              </span>
              <span className="nb-eval-pred__mark" aria-hidden="true">
                {b.isTrue ? 'true' : ''}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="nb-eval-pred__empty">Train a model to see its prediction for this sample.</p>
      )}

      {(view || rows.length > 0) && (
        <div className="nb-eval-pred__history">
          <p className="nb-eval-pred__subhead">watch one sample learn</p>
          {rows.length === 0 ? (
            <p className="nb-eval-pred__note">After each epoch this sample&apos;s probabilities are added here.</p>
          ) : (
            <table className="nb-eval-pred__strip">
              <caption className="nb-eval-pred__note">
                Probability (%) per {named ? 'class' : 'digit'} after each epoch, blank under 0.5%{history.length > rows.length ? `; ${rows.length} of ${history.length} epochs shown` : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">epoch</th>
                  {DIGITS.map((d) => (
                    <th key={d} scope="col" title={named ? name(d) : undefined}>
                      {named ? <span className="nb-eval-pred__class">{name(d)}</span> : d}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r, k) => (
                  <tr key={k} data-testid="eval.prediction.history.row" data-epoch={r.epoch}>
                    <th scope="row">{r.epoch}</th>
                    {r.cells.map((c) => (
                      <td
                        key={c.digit}
                        className={c.isTop ? 'nb-eval-pred__cell nb-eval-pred__cell--top' : 'nb-eval-pred__cell'}
                        style={{ background: c.shade.background, color: c.shade.color }}
                        title={`epoch ${r.epoch} · ${name(c.digit)}: ${formatPercent(c.probability)}`}
                      >
                        {formatStripPercent(c.probability)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
});
