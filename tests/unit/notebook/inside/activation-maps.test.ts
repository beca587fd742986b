/** Feature maps out of a channels-last activation, on one grey scale per layer. */
import { describe, expect, it } from 'vitest';
import { featureMap, valueRange } from '../../../../src/notebook/inside/activation-maps';

describe('featureMap', () => {
  // A 2x3 map with 2 channels, channels last: channel 0 holds 0..5, channel 1 holds 10*(0..5).
  const values = Float32Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? i / 2 : 10 * ((i - 1) / 2)));

  it('takes every pixel of one channel, in row-major order, 0 at lo and 255 at hi', () => {
    expect(Array.from(featureMap(values, [2, 3, 2], 0, 0, 5))).toEqual([0, 51, 102, 153, 204, 255]);
    expect(Array.from(featureMap(values, [2, 3, 2], 1, 0, 50))).toEqual([0, 51, 102, 153, 204, 255]);
  });

  it('draws both channels on the layer scale, so a weaker channel is darker', () => {
    const { lo, hi } = valueRange(values);
    expect([lo, hi]).toEqual([0, 50]);
    expect(Math.max(...featureMap(values, [2, 3, 2], 0, lo, hi))).toBe(26);
    expect(Math.max(...featureMap(values, [2, 3, 2], 1, lo, hi))).toBe(255);
  });

  it('is black for a flat layer, and the range always includes 0', () => {
    expect(Array.from(featureMap(new Float32Array(4).fill(3), [2, 2, 1], 0, 3, 3))).toEqual([0, 0, 0, 0]);
    expect(valueRange(Float32Array.from([2, 5]))).toEqual({ lo: 0, hi: 5 });
    expect(valueRange(Float32Array.from([-2, -1]))).toEqual({ lo: -2, hi: 0 });
    expect(valueRange(new Float32Array(0))).toEqual({ lo: 0, hi: 0 });
  });
});
