import { describe, expect, it } from 'vitest';
import { formatNumpyVector, formatPixelValue } from '../../../src/notebook/renderers/format';

describe('formatNumpyVector', () => {
  it('prints like numpy for a short vector', () => {
    expect(formatNumpyVector(Uint8Array.from([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]))).toBe('[5 0 4 1 9 2 1 3 1 4]');
  });

  it.each([
    [[], '[]'],
    [[7], '[7]'],
    [[5, 10, 200], '[  5  10 200]'],
  ])('%j -> %s', (values, text) => {
    expect(formatNumpyVector(values)).toBe(text);
  });

  it('prints exactly 1000 items in full', () => {
    const text = formatNumpyVector(new Uint8Array(1000).fill(3));
    expect(text).not.toContain('...');
    expect(text.split(' ')).toHaveLength(1000);
  });

  it('summarizes past 1000 items with 3 items each side', () => {
    const values = new Uint8Array(60000);
    values.set([5, 0, 4], 0);
    values.set([5, 6, 8], 59997);
    expect(formatNumpyVector(values)).toBe('[5 0 4 ... 5 6 8]');
    expect(formatNumpyVector(new Uint8Array(1001))).toBe('[0 0 0 ... 0 0 0]');
  });

  it('pads to the widest shown item only', () => {
    const values = Array.from({ length: 2000 }, (_, i) => i);
    expect(formatNumpyVector(values)).toBe('[   0    1    2 ... 1997 1998 1999]');
  });

  it('honours a custom threshold', () => {
    expect(formatNumpyVector([1, 2, 3, 4, 5, 6, 7, 8], 5, 2)).toBe('[1 2 ... 7 8]');
  });
});

describe('formatPixelValue', () => {
  it.each([
    [0, 'int', '0'],
    [255, 'int', '255'],
    [84, 'int', '84'],
    [0, 'unit', '0.'],
    [84, 'unit', '0.33'],
    [1, 'unit', '0.00'],
    [255, 'unit', '1.00'],
    [300, 'int', '255'],
    [-3, 'unit', '0.'],
    [127.6, 'int', '128'],
  ] as const)('%d on %s scale -> %s', (value, scale, text) => {
    expect(formatPixelValue(value, scale)).toBe(text);
  });
});
