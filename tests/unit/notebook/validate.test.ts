import { describe, expect, it } from 'vitest';
import { tryParseIndex, tryParseSlice } from '../../../src/notebook/state/validate';

describe('tryParseIndex', () => {
  const good: [string, number, number][] = [
    ['0', 60000, 0],
    ['59999', 60000, 59999],
    [' 42 ', 60000, 42],
    ['+7', 60000, 7],
    ['007', 60000, 7],
    ['-0', 60000, 0],
    ['9999', 10000, 9999],
  ];
  it.each(good)('%j of %i -> %i', (text, count, value) => {
    expect(tryParseIndex(text, count)).toEqual({ ok: true, value });
  });

  const bad: [string, number, string][] = [
    ['', 60000, 'enter an index'],
    ['   ', 60000, 'enter an index'],
    ['-1', 60000, 'index -1 is negative; use 0..59999'],
    ['-60000', 60000, 'index -60000 is negative'],
    ['60000', 60000, 'index 60000 is out of bounds for axis 0 with size 60000'],
    ['10000', 10000, 'index 10000 is out of bounds for axis 0 with size 10000; use 0..9999'],
    ['99999999999999999999', 60000, 'index 99999999999999999999 is out of bounds'],
    ['1.5', 60000, '1.5 is not an integer'],
    ['2.0', 60000, '2.0 is not an integer'],
    ['1e3', 60000, '1e3 is not an integer'],
    ['abc', 60000, "'abc' is not a number"],
    ['5 6', 60000, "'5 6' is not a number"],
    ['0x10', 60000, "'0x10' is not a number"],
    ['NaN', 60000, "'NaN' is not a number"],
    ['0', 0, 'out of bounds for axis 0 with size 0'],
  ];
  it.each(bad)('%j of %i -> %s', (text, count, message) => {
    const r = tryParseIndex(text, count);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });

  it('says negative indexing is not supported', () => {
    const r = tryParseIndex('-1', 60000);
    expect(!r.ok && r.error).toMatch(/negative indexing .* not supported/);
  });

  it('uses the given name in messages', () => {
    expect(tryParseIndex('', 10, 'jump index')).toEqual({ ok: false, error: 'enter a jump index' });
    const r = tryParseIndex('12', 10, 'jump index');
    expect(!r.ok && r.error).toMatch(/^jump index 12 is out of bounds/);
  });
});

describe('tryParseSlice', () => {
  const good: [string, string, number, { start: number; end: number }][] = [
    ['0', '10', 60000, { start: 0, end: 10 }],
    ['5', '5', 60000, { start: 5, end: 5 }],
    ['59990', '60000', 60000, { start: 59990, end: 60000 }],
    ['60000', '60000', 60000, { start: 60000, end: 60000 }],
    ['', '10', 60000, { start: 0, end: 10 }],
    ['9990', '', 10000, { start: 9990, end: 10000 }],
    ['', '', 100, { start: 0, end: 100 }],
  ];
  it.each(good)('[%j:%j] of %i', (start, end, count, value) => {
    expect(tryParseSlice(start, end, count)).toEqual({ ok: true, value });
  });

  const bad: [string, string, number, string][] = [
    ['5', '3', 60000, 'start 5 is after end 3'],
    ['-1', '10', 60000, 'start -1 is negative'],
    ['0', '-2', 60000, 'end -2 is negative'],
    ['0', '60001', 60000, 'end 60001 is past the end; use 0..60000 (the end is exclusive)'],
    ['70000', '70001', 60000, 'start 70000 is past the end'],
    ['a', '10', 60000, "'a' is not a number"],
    ['0', '1.5', 60000, '1.5 is not an integer'],
  ];
  it.each(bad)('[%j:%j] of %i -> %s', (start, end, count, message) => {
    const r = tryParseSlice(start, end, count);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
});
