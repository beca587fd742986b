import { describe, expect, it } from 'vitest';
import { clampIndex, clampSample, reduceSample, type SampleAction, type SampleState } from '../../../src/notebook/state/sample';

const counts = { train: 60000, test: 10000 };
const start: SampleState = { split: 'train', index: 100, filter: 'all' };

describe('reduceSample', () => {
  const cases: [string, SampleState, SampleAction, SampleState][] = [
    ['select in the same split', start, { type: 'select', index: 7 }, { ...start, index: 7 }],
    ['select in another split', start, { type: 'select', split: 'test', index: 9 }, { split: 'test', index: 9, filter: 'all' }],
    ['select past the end clamps', start, { type: 'select', index: 60000 }, { ...start, index: 59999 }],
    ['switching split clamps to its size', { ...start, index: 59999 }, { type: 'select', split: 'test', index: 59999 }, { split: 'test', index: 9999, filter: 'all' }],
    ['select negative clamps to 0', start, { type: 'select', index: -5 }, { ...start, index: 0 }],
    ['select truncates fractions', start, { type: 'select', index: 3.7 }, { ...start, index: 3 }],
    ['step forward', start, { type: 'step', delta: 1 }, { ...start, index: 101 }],
    ['step back', start, { type: 'step', delta: -10 }, { ...start, index: 90 }],
    ['step below 0 clamps', start, { type: 'step', delta: -1000 }, { ...start, index: 0 }],
    ['step past the end clamps', { split: 'test', index: 9998, filter: 3 }, { type: 'step', delta: 5 }, { split: 'test', index: 9999, filter: 3 }],
    ['filter keeps the index', start, { type: 'filter', filter: 4 }, { ...start, filter: 4 }],
    ['filter back to all', { ...start, filter: 4 }, { type: 'filter', filter: 'all' }, start],
  ];
  it.each(cases)('%s', (_, state, action, expected) => {
    const next = reduceSample(state, action, counts);
    expect(next).toEqual(expected);
    expect(state).not.toBe(next);
  });

  it('returns the same object when nothing changes', () => {
    expect(reduceSample(start, { type: 'select', index: 100 }, counts)).toBe(start);
    expect(reduceSample({ ...start, index: 0 }, { type: 'step', delta: -1 }, counts).index).toBe(0);
    const atEnd = { ...start, index: 59999 };
    expect(reduceSample(atEnd, { type: 'step', delta: 1 }, counts)).toBe(atEnd);
    expect(reduceSample(start, { type: 'filter', filter: 'all' }, counts)).toBe(start);
  });

  it('does not clamp to an unknown (0) count', () => {
    expect(reduceSample(start, { type: 'select', index: 123456 }, { train: 0, test: 0 }).index).toBe(123456);
    expect(reduceSample(start, { type: 'step', delta: 5 }, {}).index).toBe(105);
  });
});

describe('clampIndex / clampSample', () => {
  it.each([
    [5, 10, 5],
    [10, 10, 9],
    [-1, 10, 0],
    [Number.NaN, 10, 0],
    [50, undefined, 50],
    [50, 0, 50],
  ])('clampIndex(%d, %s) = %d', (index, count, expected) => {
    expect(clampIndex(index, count)).toBe(expected);
  });

  it('clamps a link index once counts are known, keeping identity otherwise', () => {
    const far = { split: 'test' as const, index: 70000, filter: 'all' as const };
    expect(clampSample(far, counts).index).toBe(9999);
    expect(clampSample(start, counts)).toBe(start);
  });
});
