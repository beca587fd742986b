import { describe, expect, it } from 'vitest';
import { asSentence, errorMessage, formatBytes, formatCount, formatMs, formatPercent, formatTuple } from '../../../src/lib/format';

describe('formatBytes', () => {
  it.each([
    { bytes: 0, want: '0 B' },
    { bytes: 1, want: '1 B' },
    { bytes: 1023, want: '1023 B' },
    { bytes: 1024, want: '1.0 KiB' },
    { bytes: 1536, want: '1.5 KiB' },
    { bytes: 10008, want: '9.8 KiB' },
    { bytes: 1024 * 1024, want: '1.0 MiB' },
    { bytes: 219.5 * 1024 * 1024, want: '219.5 MiB' },
    { bytes: 70000 * 784 * 4, want: '209.4 MiB' },
    { bytes: 1024 ** 3, want: '1.0 GiB' },
    { bytes: 5 * 1024 ** 4, want: '5120.0 GiB' },
    { bytes: -2048, want: '-2.0 KiB' },
    { bytes: Number.NaN, want: 'NaN' },
    { bytes: Number.POSITIVE_INFINITY, want: 'Infinity' },
  ])('$bytes -> $want', ({ bytes, want }) => {
    expect(formatBytes(bytes)).toBe(want);
  });
});

describe('formatMs', () => {
  it.each([
    { ms: 0, want: '0 ms' },
    { ms: 0.4, want: '0 ms' },
    { ms: 849.6, want: '850 ms' },
    { ms: 999, want: '999 ms' },
    { ms: 999.4, want: '999 ms' },
    { ms: 999.6, want: '1.00 s' },
    { ms: 1000, want: '1.00 s' },
    { ms: 2310, want: '2.31 s' },
    { ms: 65432, want: '65.43 s' },
  ])('$ms -> $want', ({ ms, want }) => {
    expect(formatMs(ms)).toBe(want);
  });
});

describe('formatCount', () => {
  it.each([
    { n: 0, want: '0' },
    { n: 999, want: '999' },
    { n: 1000, want: '1,000' },
    { n: 60000, want: '60,000' },
    { n: 1234567, want: '1,234,567' },
    { n: -70000, want: '-70,000' },
  ])('$n -> $want', ({ n, want }) => {
    expect(formatCount(n)).toBe(want);
  });
});

describe('formatTuple prints shapes the way Python prints tuples', () => {
  it.each([
    { values: [], want: '()' },
    { values: [5], want: '(5,)' },
    { values: [60000], want: '(60000,)' },
    { values: [60000, 28, 28], want: '(60000, 28, 28)' },
    { values: [28, 28], want: '(28, 28)' },
    { values: ['None', 784], want: '(None, 784)' },
    { values: ['n'], want: '(n,)' },
  ])('$values -> $want', ({ values, want }) => {
    expect(formatTuple(values)).toBe(want);
  });
});

describe('asSentence', () => {
  it.each([
    ['model.json: not JSON', 'model.json: not JSON.'],
    ['is the file truncated, or a weights file?', 'is the file truncated, or a weights file?'],
    ['already a sentence.', 'already a sentence.'],
    ['', '.'],
  ])('%j -> %j', (text, sentence) => {
    expect(asSentence(text)).toBe(sentence);
  });
});

describe('errorMessage', () => {
  it("an Error's message, anything else as text", () => {
    expect(errorMessage(new RangeError('index 7 is out of range'))).toBe('index 7 is out of range');
    expect(errorMessage('a thrown string')).toBe('a thrown string');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
  });
});

describe('formatPercent', () => {
  it.each([
    [0.9871, 1, '98.7%'],
    [0.98765, 2, '98.77%'],
    [1, 1, '100.0%'],
    [0, 1, '0.0%'],
    [0.5, 0, '50%'],
    [0.97, 0, '97%'],
    // Never claims perfection or nothing it does not have.
    [0.99996, 1, '99.9%'],
    [0.996, 0, '99%'],
    [0.0004, 1, '<0.1%'],
    [0.004, 0, '<1%'],
    [0.00004, 2, '<0.01%'],
    [NaN, 1, '–'],
    [Infinity, 1, '–'],
    [1.5, 1, '150.0%'],
  ])('%s with %s digits -> %s', (value, digits, want) => expect(formatPercent(value, digits)).toBe(want));

  it('defaults to one decimal', () => expect(formatPercent(0.991)).toBe('99.1%'));

  // The saved-model list and the charts' latest line show two decimals, the accuracy axis none; they
  // used toFixed, which printed 0.99996 as "100.00%".
  it.each([
    [0.99996, 2, '99.99%'],
    [0.97314, 2, '97.31%'],
    [0.00001, 2, '<0.01%'],
    [0.25, 0, '25%'],
    [0.75, 0, '75%'],
    [1, 0, '100%'],
  ])('%s with %s digits -> %s (accuracy views)', (value, digits, want) => expect(formatPercent(value, digits)).toBe(want));
});
