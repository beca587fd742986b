/** The model's ten probabilities for the drawing as horizontal bars, and its top guess large. */
import { memo, useMemo } from 'react';
import { formatPercent } from '../../lib/format';
import { predictionView } from '../training/evaluation/prediction';
import { classLabel } from './view';

export interface DrawBarsProps {
  probabilities: readonly number[];
  classNames: readonly string[] | null;
  /** The outputs were logits, softmaxed for the chart. */
  fromLogits: boolean;
  /** A newer drawing is being predicted; these bars are for a slightly older one. */
  pending: boolean;
}

export const DrawBars = memo(function DrawBars({ probabilities, classNames, fromLogits, pending }: DrawBarsProps) {
  const view = useMemo(() => predictionView(probabilities, null), [probabilities]);
  if (!view) return <p className="draw-message">The model gave no usable numbers (NaN) for this drawing.</p>;
  const top = classLabel(view.top, classNames);
  return (
    <div className="draw-prediction__ok" aria-busy={pending}>
      <p className="draw-top" data-testid="draw.prediction.top" data-digit={view.top} aria-live="polite">
        <span className="draw-top__label">{top}</span>
        <span className="draw-top__prob">{formatPercent(view.topProbability)} sure</span>
      </p>
      <ol className="draw-bars" aria-label="Probability per class for the drawing">
        {view.bars.map((b) => (
          <li
            key={b.digit}
            className={b.isTop ? 'draw-bar draw-bar--top' : 'draw-bar'}
            data-testid="draw.prediction.bar"
            data-digit={b.digit}
            data-probability={b.probability}
            aria-label={`${classLabel(b.digit, classNames)}: ${formatPercent(b.probability)}`}
          >
            <span className="draw-bar__name" aria-hidden="true">
              {classLabel(b.digit, classNames)}
            </span>
            <span className="draw-bar__track" aria-hidden="true">
              <span className="draw-bar__fill" style={{ width: `${b.probability * 100}%` }} />
            </span>
            <span className="draw-bar__value" aria-hidden="true">
              {formatPercent(b.probability)}
            </span>
          </li>
        ))}
      </ol>
      {fromLogits && <p className="muted draw-note">This model outputs raw scores (logits); they are shown through a softmax.</p>}
    </div>
  );
});
