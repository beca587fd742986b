import { describe, expect, it } from 'vitest';
import { tryPreprocessDrawing } from '../../../../src/data/strokes';
import { padDrawing } from '../../../../src/notebook/draw/pad';
import { classLabel, formatDistance, nearestMessage, predictionMessage, shapeNote, stepViews } from '../../../../src/notebook/draw/view';
import { MNIST_SOURCE } from '../../../../src/notebook/services/types';

describe('classLabel', () => {
  it('uses the class names when the dataset has them, else the digit', () => {
    const fashion = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
    expect(classLabel(1, fashion)).toBe('Trouser');
    expect(classLabel(1, null)).toBe('1');
    expect(classLabel(9, ['a', 'b'])).toBe('9');
    expect(classLabel(0, [''])).toBe('0');
  });
});

describe('shapeNote', () => {
  it('is silent for 28x28 and explains other sizes', () => {
    expect(shapeNote(MNIST_SOURCE)).toBeNull();
    const note = shapeNote({ kind: 'custom', name: 'Tiny', rows: 16, cols: 16, classNames: null });
    expect(note).toMatch(/28x28/);
    expect(note).toMatch(/Tiny has 16x16 images/);
  });
});

describe('stepViews', () => {
  it('describes the four steps with their sizes', () => {
    const steps = tryPreprocessDrawing(padDrawing([[{ x: 100, y: 50 }, { x: 100, y: 200 }]]));
    if (!steps.ok) throw new Error(steps.error);
    const views = stepViews(steps.value);
    expect(views.map((v) => v.id)).toEqual(['raw', 'cropped', 'scaled', 'centred']);
    expect(views[0]).toMatchObject({ width: 280, height: 280, detail: '280x280 px' });
    expect(views[1].detail).toBe(`${steps.value.cropped.width}x${steps.value.cropped.height} px`);
    expect(views[2].title).toBe('Scaled to fit 20x20');
    expect(views[3]).toMatchObject({ width: 28, height: 28 });
    views.forEach((v) => expect(v.pixels).toHaveLength(v.width * v.height));
  });
});

describe('messages', () => {
  it('prediction: invites drawing, points to training without a model, passes problems on, none with bars', () => {
    expect(predictionMessage(null, false)).toMatch(/Draw a digit/);
    expect(predictionMessage({ kind: 'no-model' }, true)).toMatch(/Train a network/);
    expect(predictionMessage({ kind: 'unfit', message: 'reads 32x32' }, true)).toBe('reads 32x32');
    expect(predictionMessage({ kind: 'ok', probabilities: [1], fromLogits: false }, true)).toBeNull();
  });

  it('nearest: waits for the pen to lift, then shows images or says why not', () => {
    expect(nearestMessage(null, false)).toMatch(/lift the pen/);
    expect(nearestMessage(null, true)).toMatch(/Searching/);
    expect(nearestMessage({ kind: 'not-ready' }, true)).toMatch(/loading/);
    expect(nearestMessage({ kind: 'ok', images: [] }, true)).toMatch(/no training images/);
    expect(nearestMessage({ kind: 'ok', images: [{ index: 0, label: 1, distance: 2, pixels: null }] }, true)).toBeNull();
  });

  it('formatDistance rounds and groups', () => {
    expect(formatDistance(1234.6)).toBe('1,235');
    expect(formatDistance(NaN)).toBe('–');
  });
});
