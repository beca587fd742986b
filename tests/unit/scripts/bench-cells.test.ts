import { describe, expect, it } from 'vitest';
import { BENCH_CELLS, cellSummaryLines, clipAnswer, longestTaskIn, summarizeCells, type CellTiming } from '../../../scripts/bench-cells';

const timing = (over: Partial<CellTiming> = {}): CellTiming => ({
  source: 'training_images.sum()',
  attempt: 'first',
  state: 'done',
  answerMs: 300,
  longestTaskMs: 0,
  longTasks: 0,
  frameGapMaxMs: 17,
  answer: '1567298545',
  ...over,
});

describe('longestTaskIn', () => {
  const entries = [
    { startTime: 100, duration: 60 }, // ends 160: before the window
    { startTime: 190, duration: 120 }, // starts before, ends inside
    { startTime: 400, duration: 250 }, // inside
    { startTime: 990, duration: 80 }, // starts inside, ends after
    { startTime: 1000, duration: 500 }, // starts at the end: not during
  ];
  it.each([
    [200, 1000, 3, 250],
    [170, 180, 0, 0],
    [0, 2000, 5, 500],
    [450, 460, 1, 250],
  ])('[%s, %s] -> %s tasks, longest %s ms', (from, to, count, maxMs) => expect(longestTaskIn(entries, from, to)).toEqual({ count, maxMs }));
  it('no entries: none, 0 ms', () => expect(longestTaskIn([], 0, 10)).toEqual({ count: 0, maxMs: 0 }));
});

describe('clipAnswer', () => {
  it.each([
    [null, null],
    ['1567298545', '1567298545'],
    ['  33.318421449829934\n', '33.318421449829934'],
    ['    x.sum(\n    ^\nSyntaxError: bad', 'x.sum( ^ SyntaxError: bad'],
  ])('%j -> %j', (text, want) => expect(clipAnswer(text)).toBe(want));
  it('cuts long text to 200 characters, ending with an ellipsis', () => {
    const clipped = clipAnswer('9'.repeat(500));
    expect(clipped).toHaveLength(200);
    expect(clipped?.endsWith('…')).toBe(true);
  });
});

describe('summarizeCells', () => {
  it('spreads each cell per attempt over the runs, in BENCH_CELLS order, first attempts first', () => {
    const timings = [
      timing({ source: 'training_images.std()', answerMs: 900 }),
      timing({ answerMs: 400 }),
      timing({ answerMs: 200, attempt: 'again' }),
      timing({ answerMs: 600 }),
      timing({ answerMs: 450, longestTaskMs: 120 }),
    ];
    const summary = summarizeCells(timings);
    expect(summary.map((s) => [s.source, s.attempt])).toEqual([
      ['training_images.sum()', 'first'],
      ['training_images.std()', 'first'],
      ['training_images.sum()', 'again'],
    ]);
    expect(summary[0]).toEqual({
      source: 'training_images.sum()',
      attempt: 'first',
      answerMs: { runs: 3, medianMs: 450, minMs: 400, maxMs: 600 },
      longestTaskMs: 120,
      frameGapMaxMs: 17,
      failedRuns: 0,
      answers: ['1567298545'],
      pass: true,
    });
    expect(summary[1].pass, 'a 900 ms answer misses 500 ms').toBe(false);
  });

  it('misses the target on a task over 200 ms, on a failed run, or when no run answered', () => {
    expect(summarizeCells([timing({ longestTaskMs: 201 })])[0].pass).toBe(false);
    expect(summarizeCells([timing({ longestTaskMs: 200 })])[0].pass).toBe(true);
    const failed = summarizeCells([timing(), timing({ state: 'error', answer: 'TypeError: no' }), timing({ state: 'timeout', answerMs: null, answer: null })])[0];
    expect(failed.failedRuns).toBe(2);
    expect(failed.answerMs.runs, 'only answered runs are timed').toBe(1);
    expect(failed.answers).toEqual(['1567298545', 'TypeError: no', '(timeout)']);
    expect(failed.pass).toBe(false);
    expect(summarizeCells([timing({ state: 'timeout', answerMs: null })])[0].answerMs.medianMs).toBeNull();
  });

  it('falls back to the frame gap where long tasks are not reported', () => {
    expect(summarizeCells([timing({ longestTaskMs: null, frameGapMaxMs: 150 })])[0].pass).toBe(true);
    expect(summarizeCells([timing({ longestTaskMs: null, frameGapMaxMs: 250 })])[0].pass).toBe(false);
    expect(summarizeCells([timing({ longestTaskMs: null, frameGapMaxMs: null })])[0].pass).toBe(false);
  });

  it('keeps cells it does not know, after the four', () => {
    const summary = summarizeCells([timing({ source: 'x.max()' }), timing({ source: BENCH_CELLS[3] })]);
    expect(summary.map((s) => s.source)).toEqual([BENCH_CELLS[3], 'x.max()']);
  });

  it('is empty without timings', () => expect(summarizeCells([])).toEqual([]));
});

describe('cellSummaryLines', () => {
  it('prints time, spread, longest task, verdict and the answers', () => {
    const [line] = cellSummaryLines(summarizeCells([timing({ answerMs: 420 }), timing({ answerMs: 480, answer: '1567298560' })]));
    expect(line).toBe(
      'cell training_images.sum() [first]: 450 ms (420-480, 2 runs), longest task 0 ms, longest frame gap 17 ms; meets <= 500 ms / task <= 200 ms; answer: 1567298545 | 1567298560',
    );
  });
  it('says when no run answered', () => {
    const [line] = cellSummaryLines(summarizeCells([timing({ state: 'timeout', answerMs: null, answer: null, longestTaskMs: null, frameGapMaxMs: null })]));
    expect(line).toBe('cell training_images.sum() [first]: no answer, longest task -, longest frame gap -, 1 failed; misses <= 500 ms / task <= 200 ms; answer: (timeout)');
  });
});
