import { describe, expect, it } from 'vitest';
import { tryPreprocessDrawing } from '../../../../src/data/strokes';
import { shrinkToInput } from '../../../../src/notebook/draw/naive';
import { padDrawing } from '../../../../src/notebook/draw/pad';

function inkBox(pixels: Uint8Array): { left: number; right: number; top: number; bottom: number } {
  let left = 28, right = -1, top = 28, bottom = -1;
  for (let i = 0; i < 784; i++) {
    if (pixels[i] === 0) continue;
    const r = Math.floor(i / 28), c = i % 28;
    left = Math.min(left, c); right = Math.max(right, c); top = Math.min(top, r); bottom = Math.max(bottom, r);
  }
  return { left, right, top, bottom };
}

describe('shrinkToInput', () => {
  it('keeps a small drawing small and where it was (the misreading the preprocessing avoids)', () => {
    const steps = tryPreprocessDrawing(padDrawing([[{ x: 30, y: 30 }, { x: 80, y: 30 }, { x: 55, y: 100 }]]));
    if (!steps.ok) throw new Error(steps.error);
    const naive = shrinkToInput(steps.value.raster);
    expect(naive).toHaveLength(784);
    const box = inkBox(naive);
    expect(box.right, 'stays in the left part').toBeLessThan(12);
    expect(box.bottom, 'stays in the top part').toBeLessThan(14);
    const centred = inkBox(steps.value.centred.pixels);
    expect(centred.bottom - centred.top).toBeGreaterThan(box.bottom - box.top);
  });

  it('averages grey levels: a blank raster stays blank, a full one stays full', () => {
    expect(shrinkToInput({ width: 280, height: 280, pixels: new Uint8Array(280 * 280) }).every((v) => v === 0)).toBe(true);
    expect(shrinkToInput({ width: 56, height: 56, pixels: new Uint8Array(56 * 56).fill(255) }).every((v) => v === 255)).toBe(true);
  });
});
