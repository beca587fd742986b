/** The raw drawing merely shrunk to 28x28, and what the model makes of that: why the preprocessing matters. */
import { memo, useMemo } from 'react';
import { IMAGE_SIZE } from '../../data/format';
import type { DrawPrediction } from '../services/draw-service';
import { formatPercent } from '../../lib/format';
import { predictionView } from '../training/evaluation/prediction';
import { StepImage } from './StepImage';
import { classLabel } from './view';

export interface WithoutStepsProps {
  /** 784 bytes: the raster shrunk to 28x28. */
  pixels: Uint8Array;
  /** The model's answer for `pixels`, or null while the pen is down / before it comes. */
  prediction: DrawPrediction | null;
  classNames: readonly string[] | null;
  box: number;
}

export const WithoutSteps = memo(function WithoutSteps({ pixels, prediction, classNames, box }: WithoutStepsProps) {
  const view = useMemo(() => (prediction?.kind === 'ok' ? predictionView(prediction.probabilities, null) : null), [prediction]);
  return (
    <figure className="draw-naive" data-testid="draw.naive" data-digit={view?.top ?? ''} data-probability={view?.topProbability ?? ''}>
      <div className="draw-step__box" style={{ width: box, height: box }}>
        <StepImage width={IMAGE_SIZE} height={IMAGE_SIZE} pixels={pixels} box={box} label="The drawing only shrunk to 28x28, without cropping, fitting or centring" />
      </div>
      <figcaption className="draw-step__caption">
        <strong>Without steps 2-4</strong>
        <br />
        <span className="muted">
          only shrunk to 28x28
          {view ? (
            <>
              : the model reads <strong className="draw-naive__guess">{classLabel(view.top, classNames)}</strong> ({formatPercent(view.topProbability)})
            </>
          ) : prediction?.kind === 'no-model' ? (
            ': no model to ask yet'
          ) : null}
        </span>
      </figcaption>
    </figure>
  );
});
