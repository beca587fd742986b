import { describe, expect, it } from 'vitest';
import { tryPreprocessDrawing } from '../../../../src/data/strokes';
import { appendPoints, MIN_STEP, PAD_SIZE, padDrawing, PEN_WIDTH, snapshotStrokes, toPadPoint } from '../../../../src/notebook/draw/pad';

describe('toPadPoint', () => {
  it('maps client pixels to pad units whatever the displayed size', () => {
    const rect = { left: 100, top: 50, width: 140, height: 140 };
    expect(toPadPoint(100, 50, rect)).toEqual({ x: 0, y: 0 });
    expect(toPadPoint(240, 190, rect)).toEqual({ x: PAD_SIZE, y: PAD_SIZE });
    expect(toPadPoint(170, 85, rect)).toEqual({ x: 140, y: 70 });
    // Outside the pad (pointer captured): kept, the preprocessing crops what falls outside.
    expect(toPadPoint(90, 50, rect)).toEqual({ x: -20, y: 0 });
  });

  it('returns null for a box without area or non-finite input', () => {
    expect(toPadPoint(1, 1, { left: 0, top: 0, width: 0, height: 10 })).toBeNull();
    expect(toPadPoint(NaN, 1, { left: 0, top: 0, width: 10, height: 10 })).toBeNull();
  });
});

describe('appendPoints', () => {
  it('keeps points at least MIN_STEP from the last kept one', () => {
    const stroke = [{ x: 0, y: 0 }];
    const kept = appendPoints(stroke, [
      { x: 0.1, y: 0 },
      { x: MIN_STEP, y: 0 },
      { x: MIN_STEP + 0.2, y: 0 },
      { x: 10, y: 10 },
    ]);
    expect(kept).toBe(2);
    expect(stroke).toEqual([
      { x: 0, y: 0 },
      { x: MIN_STEP, y: 0 },
      { x: 10, y: 10 },
    ]);
  });

  it('keeps the first point of an empty stroke', () => {
    const stroke: { x: number; y: number }[] = [];
    expect(appendPoints(stroke, [{ x: 5, y: 5 }])).toBe(1);
  });
});

describe('padDrawing', () => {
  it('a vertical stroke down the pad becomes a thin upright 1 centred in 28x28, strokes about MNIST-thick', () => {
    const steps = tryPreprocessDrawing(padDrawing([[{ x: 140, y: 40 }, { x: 140, y: 240 }]]));
    if (!steps.ok) throw new Error(steps.error);
    const { scaled, centred } = steps.value;
    expect(scaled.height).toBe(20);
    expect(scaled.width, 'pen width scaled by 20/(200+pen)').toBeLessThanOrEqual(3);
    let sum = 0;
    let sx = 0;
    for (let i = 0; i < 784; i++) {
      sum += centred.pixels[i];
      sx += centred.pixels[i] * (i % 28);
    }
    // The shift is whole pixels, so the centre of mass lands within half a pixel of 14.
    expect(Math.abs(sx / sum - 14)).toBeLessThanOrEqual(0.5);
    expect(scaled.width).toBeGreaterThanOrEqual(Math.floor((PEN_WIDTH * 20) / (200 + PEN_WIDTH)));
  });
});

describe('snapshotStrokes', () => {
  it('copies each stroke so later appends do not show in the snapshot', () => {
    const strokes = [[{ x: 1, y: 1 }]];
    const snap = snapshotStrokes(strokes);
    strokes[0].push({ x: 2, y: 2 });
    expect(snap[0]).toHaveLength(1);
  });
});
