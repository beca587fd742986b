/** Parsers for what a learner types as an index or slice bounds, with messages they can act on. */
import { err, ok, type Result } from '../../lib/result';

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** Integer syntax only: '' / 'abc' / '1.5' are errors; the canonical text rides along for messages. */
function parseInteger(raw: string, name: string): Result<{ value: number; text: string }> {
  const text = raw.trim();
  if (text === '') return err(`enter ${article(name)} ${name}`);
  if (INTEGER.test(text)) {
    const negative = text.startsWith('-');
    const digits = text.replace(/^[+-]/, '').replace(/^0+(?=\d)/, '');
    const value = negative ? -Number(digits) : Number(digits);
    return ok({ value: value === 0 ? 0 : value, text: value === 0 ? '0' : `${negative ? '-' : ''}${digits}` });
  }
  if (DECIMAL.test(text)) return err(`${text} is not an integer; ${name} must be a whole number`);
  return err(`'${raw.trim()}' is not a number`);
}

function negativeMessage(name: string, text: string, last: number): string {
  return `${name} ${text} is negative; use 0..${last} (negative indexing from the end is not supported here)`;
}

/**
 * Parses an index into an axis of size `count`, like numpy's `a[i]` but refusing negative indices:
 * "index 60000 is out of bounds for axis 0 with size 60000; use 0..59999".
 */
export function tryParseIndex(text: string, count: number, name = 'index'): Result<number> {
  const parsed = parseInteger(text, name);
  if (!parsed.ok) return parsed;
  const { value, text: shown } = parsed.value;
  if (count <= 0) return err(`${name} ${shown} is out of bounds for axis 0 with size 0; there is nothing to index yet`);
  if (value < 0) return err(negativeMessage(name, shown, count - 1));
  if (value >= count) return err(`${name} ${shown} is out of bounds for axis 0 with size ${count}; use 0..${count - 1}`);
  return ok(value);
}

/**
 * Parses slice bounds `[start:end)` over `count` items. An empty bound takes Python's default
 * (start 0, end count); end may equal count; start == end is an empty slice.
 */
export function tryParseSlice(startText: string, endText: string, count: number): Result<{ start: number; end: number }> {
  const bound = (raw: string, name: 'start' | 'end', fallback: number): Result<number> => {
    if (raw.trim() === '') return ok(fallback);
    const parsed = parseInteger(raw, name);
    if (!parsed.ok) return parsed;
    const { value, text } = parsed.value;
    if (value < 0) return err(negativeMessage(name, text, count));
    if (value > count) {
      const hint = name === 'end' ? ' (the end is exclusive)' : '';
      return err(`${name} ${text} is past the end; use 0..${count}${hint}`);
    }
    return ok(value);
  };
  const start = bound(startText, 'start', 0);
  if (!start.ok) return start;
  const end = bound(endText, 'end', count);
  if (!end.ok) return end;
  if (start.value > end.value) return err(`start ${start.value} is after end ${end.value}; use a start at or before the end`);
  return ok({ start: start.value, end: end.value });
}
