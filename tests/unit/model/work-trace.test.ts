import { afterEach, describe, expect, it } from 'vitest';
import { TRAINING_WORK, traceTrainingWork } from '../../../src/model/work-trace';

afterEach(() => performance.clearMeasures(TRAINING_WORK));

describe('traceTrainingWork', () => {
  it("returns the work's value and records one measure spanning it, named by its detail", () => {
    const before = performance.now();
    const value = traceTrainingWork('step', () => {
      const until = performance.now() + 5;
      while (performance.now() < until);
      return 42;
    });
    expect(value).toBe(42);
    const entries = performance.getEntriesByName(TRAINING_WORK, 'measure') as PerformanceMeasure[];
    expect(entries).toHaveLength(1);
    expect(entries[0].detail).toBe('step');
    expect(entries[0].startTime).toBeGreaterThanOrEqual(before);
    expect(entries[0].duration).toBeGreaterThanOrEqual(4.9);
  });

  it('records work that throws, and rethrows', () => {
    expect(() =>
      traceTrainingWork('evaluate', () => {
        throw new Error('lost context');
      }),
    ).toThrow('lost context');
    expect((performance.getEntriesByName(TRAINING_WORK, 'measure') as PerformanceMeasure[]).map((e) => e.detail)).toEqual(['evaluate']);
  });

  it('keeps the timeline bounded over a long run', () => {
    for (let i = 0; i < 2500; i++) traceTrainingWork('step', () => i);
    expect(performance.getEntriesByName(TRAINING_WORK, 'measure').length).toBeLessThanOrEqual(1000);
  });
});
