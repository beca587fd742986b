/** The MNIST preprocessing of the drawing, step by step, so a learner sees what the model is actually given. */
import { memo, useMemo } from 'react';
import { IMAGE_SIZE } from '../../data/format';
import { DIGIT_BOX, MASS_CENTRE, type MnistSteps } from '../../data/strokes';
import { StepImage } from './StepImage';
import { stepViews } from './view';

/** Each step's box, CSS pixels: 28x28 shown at 4x. */
export const STEP_BOX = 112;
const BOX = STEP_BOX;

export const PreprocessSteps = memo(function PreprocessSteps({ steps }: { steps: MnistSteps }) {
  const views = useMemo(() => stepViews(steps), [steps]);
  const com = steps.scaledCentreOfMass;
  return (
    <ol className="draw-steps" data-testid="draw.steps" aria-label="How the drawing becomes the model's 28x28 input">
      {views.map((v, i) => {
        // The scaled image sits in a 20x20 frame and the centred one in 28x28, both at the 28x28's scale, so sizes compare.
        const scale = v.id === 'scaled' || v.id === 'centred' ? BOX / IMAGE_SIZE : undefined;
        return (
          <li key={v.id} className="draw-step">
            <div className="draw-step__box" style={{ width: BOX, height: BOX }}>
              {v.id === 'scaled' ? (
                <div className="draw-step__frame" style={{ width: DIGIT_BOX * (BOX / IMAGE_SIZE), height: DIGIT_BOX * (BOX / IMAGE_SIZE) }} title={`the ${DIGIT_BOX}x${DIGIT_BOX} box`}>
                  <StepImage {...v} box={BOX} scale={scale} label={`${v.title}: ${v.detail}`} testId="draw.step" dataAttrs={{ 'data-step': v.id, 'data-width': v.width, 'data-height': v.height }} />
                </div>
              ) : (
                <StepImage {...v} box={BOX} scale={scale} label={`${v.title}: ${v.detail}`} testId="draw.step" dataAttrs={{ 'data-step': v.id, 'data-width': v.width, 'data-height': v.height }} />
              )}
              {v.id === 'centred' && (
                <span
                  className="draw-step__cross"
                  aria-hidden="true"
                  title={`centre of mass at (${MASS_CENTRE}, ${MASS_CENTRE})`}
                  style={{ left: (MASS_CENTRE + 0.5) * (BOX / IMAGE_SIZE), top: (MASS_CENTRE + 0.5) * (BOX / IMAGE_SIZE) }}
                />
              )}
              {v.id === 'scaled' && (
                <span
                  className="draw-step__cross draw-step__cross--mass"
                  aria-hidden="true"
                  style={{
                    left: (BOX - DIGIT_BOX * (BOX / IMAGE_SIZE)) / 2 + ((DIGIT_BOX - steps.scaled.width) / 2 + com.x + 0.5) * (BOX / IMAGE_SIZE),
                    top: (BOX - DIGIT_BOX * (BOX / IMAGE_SIZE)) / 2 + ((DIGIT_BOX - steps.scaled.height) / 2 + com.y + 0.5) * (BOX / IMAGE_SIZE),
                  }}
                />
              )}
            </div>
            <p className="draw-step__caption">
              <strong>
                {i + 1}. {v.title}
              </strong>
              <br />
              <span className="muted">{v.detail}</span>
            </p>
          </li>
        );
      })}
    </ol>
  );
});
