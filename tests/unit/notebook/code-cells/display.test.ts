import { describe, expect, it } from 'vitest';
import { appendStream, isByteImage, toDisplayBytes, type OutputPart } from '../../../../src/notebook/code-cells/display';

describe('toDisplayBytes', () => {
  it.each([
    ['int32 bytes kept', [0, 128, 255], 'int32', [0, 128, 255], [0, 255]],
    ['float32 in 0..255 kept (rounded)', [0, 127.6, 255], 'float32', [0, 128, 255], [0, 255]],
    ['float32 in [0, 1] stretched (x / 255)', [0, 0.5, 1], 'float32', [0, 128, 255], [0, 1]],
    ['bool stretched', [false, true], 'bool', [0, 255], [0, 1]],
    ['int32 0/1 kept as bytes', [0, 1], 'int32', [0, 1], [0, 1]],
    ['negative values mapped min..max', [-10, 0, 10], 'int32', [0, 128, 255], [-10, 10]],
    ['over 255 mapped min..max', [0, 510], 'int32', [0, 255], [0, 510]],
    ['constant out-of-range image is black', [-3, -3], 'int32', [0, 0], [-3, -3]],
    ['NaN drawn black', [NaN, 200], 'float32', [0, 200], [200, 200]],
    ['empty', [], 'int32', [], [0, 0]],
  ] as const)('%s', (_what, values, dtype, pixels, range) => {
    const out = toDisplayBytes(values as ArrayLike<number | boolean>, dtype);
    expect(Array.from(out.pixels)).toEqual(pixels);
    expect(out.range).toEqual(range);
  });
});

describe('isByteImage', () => {
  it.each([
    [[0, 255, 7], true],
    [[], true],
    [[0, 256], false],
    [[-1], false],
    [[0.5], false],
    [[true], false],
  ] as const)('%j -> %s', (values, expected) => {
    expect(isByteImage(values as ArrayLike<number | boolean>)).toBe(expected);
  });
});

describe('appendStream', () => {
  it('joins consecutive text and skips empty text', () => {
    const parts: OutputPart[] = [];
    appendStream(parts, 'a\n');
    appendStream(parts, '');
    appendStream(parts, 'b\n');
    parts.push({ type: 'grid', pixels: new Uint8Array(0), rows: 28, cols: 28 });
    appendStream(parts, 'c');
    expect(parts).toEqual([{ type: 'stream', text: 'a\nb\n' }, { type: 'grid', pixels: new Uint8Array(0), rows: 28, cols: 28 }, { type: 'stream', text: 'c' }]);
  });
});
