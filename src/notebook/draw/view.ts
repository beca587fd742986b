/** Words and numbers the "Draw a digit" cell shows, computed from plain data. */
import { IMAGE_SIZE } from '../../data/format';
import { DIGIT_BOX, MASS_CENTRE, type MnistSteps } from '../../data/strokes';
import { formatCount } from '../../lib/format';
import type { DrawNearest, DrawPrediction } from '../services/draw-service';
import type { DatasetSource } from '../services/types';

/** A class's name for people: the dataset's class name if it has them, else the digit. */
export function classLabel(digit: number, classNames: readonly string[] | null): string {
  const name = classNames?.[digit];
  return name !== undefined && name !== '' ? name : String(digit);
}

/** Why drawings and this dataset do not mix, or null for a 28x28 dataset. */
export function shapeNote(source: DatasetSource): string | null {
  if (source.rows === IMAGE_SIZE && source.cols === IMAGE_SIZE) return null;
  return (
    `The pad makes 28x28 images, but ${source.name} has ${source.rows}x${source.cols} images: ` +
    'the prediction needs a model that reads 28x28 images, and the drawing cannot be compared pixel by pixel with these training images. ' +
    'Switch back to MNIST (or another 28x28 dataset) in the dataset cell to use both.'
  );
}

export type StepId = 'raw' | 'cropped' | 'scaled' | 'centred';

export interface StepView {
  id: StepId;
  title: string;
  detail: string;
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** The four preprocessing images with their captions, in order. */
export function stepViews(steps: MnistSteps): StepView[] {
  const { raster, cropped, scaled, centred, offset, clamped } = steps;
  return [
    { id: 'raw', title: 'Your drawing', detail: `${raster.width}x${raster.height} px`, ...raster },
    { id: 'cropped', title: 'Cropped to the ink', detail: `${cropped.width}x${cropped.height} px`, ...cropped },
    {
      id: 'scaled',
      title: `Scaled to fit ${DIGIT_BOX}x${DIGIT_BOX}`,
      detail: `${scaled.width}x${scaled.height} px, aspect kept, grey edges`,
      ...scaled,
    },
    {
      id: 'centred',
      title: 'Centred by mass in 28x28',
      detail: clamped
        ? `placed at (${offset.x}, ${offset.y}), short of centring its mass so no ink falls off`
        : `placed at (${offset.x}, ${offset.y}) so its centre of mass is at (${MASS_CENTRE}, ${MASS_CENTRE}): the model's input`,
      ...centred,
    },
  ];
}

/** "1,234": a pixel distance (0..255 units) rounded for a caption. */
export function formatDistance(distance: number): string {
  return Number.isFinite(distance) ? formatCount(Math.round(distance)) : '–';
}

/** What to say instead of bars; null when there are bars to show. */
export function predictionMessage(prediction: DrawPrediction | null, drawn: boolean): string | null {
  if (!drawn) return 'Draw a digit in the box: the prediction appears as you draw.';
  if (prediction === null) return 'Predicting…';
  switch (prediction.kind) {
    case 'ok':
      return null;
    case 'no-model':
      return 'No model yet: train one in the "Train a network" cell above (the Dense preset takes a minute), then draw again or keep drawing.';
    case 'unfit':
    case 'error':
      return prediction.message;
  }
}

/** What to say instead of the nearest images; null when there are images to show. */
export function nearestMessage(nearest: DrawNearest | null, settled: boolean): string | null {
  if (!settled) return 'The nearest training images are searched when you lift the pen.';
  if (nearest === null) return 'Searching all training images…';
  switch (nearest.kind) {
    case 'ok':
      return nearest.images.length === 0 ? 'There are no training images to compare with.' : null;
    case 'not-ready':
      return 'The training images are still loading: the search runs as soon as they are in.';
    case 'unfit':
    case 'error':
      return nearest.message;
  }
}
