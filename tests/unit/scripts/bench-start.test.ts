import { describe, expect, it } from 'vitest';
import { spread } from '../../../scripts/bench-start';

describe('spread', () => {
  it.each<[string, (number | null)[], ReturnType<typeof spread>]>([
    ['no runs', [], { runs: 0, medianMs: null, minMs: null, maxMs: null }],
    ['only failed runs', [null, Number.NaN], { runs: 0, medianMs: null, minMs: null, maxMs: null }],
    ['one run', [1234.4], { runs: 1, medianMs: 1234, minMs: 1234, maxMs: 1234 }],
    ['odd count, unsorted', [900, 300.6, 500], { runs: 3, medianMs: 500, minMs: 301, maxMs: 900 }],
    ['even count: the mean of the middle two', [400, 100, 300, 200], { runs: 4, medianMs: 250, minMs: 100, maxMs: 400 }],
    ['failed runs left out', [null, 700, 100, Number.POSITIVE_INFINITY], { runs: 2, medianMs: 400, minMs: 100, maxMs: 700 }],
  ])('%s', (_name, values, expected) => {
    expect(spread(values)).toEqual(expected);
  });
});
