import { describe, expect, it } from 'vitest';
import { err, ok, type Result } from '../../../src/lib/result';

/** A tiny fallible parser, to check that Result narrows the way callers rely on. */
function parsePositive(text: string): Result<number> {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? ok(n) : err(`"${text}" is not a positive integer`);
}

describe('Result', () => {
  it('ok wraps a value', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
  });

  it('err wraps a message', () => {
    expect(err('train-images: expected magic 2051, found 2049')).toEqual({ ok: false, error: 'train-images: expected magic 2051, found 2049' });
  });

  it.each([
    { text: '12', want: 12 },
    { text: 'abc', error: '"abc" is not a positive integer' },
    { text: '0', error: '"0" is not a positive integer' },
  ])('narrows on .ok: $text', ({ text, want, error }) => {
    const r = parsePositive(text);
    if (r.ok) expect(r.value).toBe(want);
    else expect(r.error).toBe(error);
    expect(r.ok).toBe(want !== undefined);
  });
});
