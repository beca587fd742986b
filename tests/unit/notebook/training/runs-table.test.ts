/** The runs table's sorting (any column, either way, missing values last) and the best run. */
import { describe, expect, it } from 'vitest';
import { bestRunId, runColumns, sortRuns } from '../../../../src/notebook/training/runs/runs-table';
import { fakeRun } from '../../model/run-fixtures';

const runs = [
  fakeRun({ id: 'a', startedAt: 1, accuracy: 0.91, settings: { learningRate: 0.01 } }),
  fakeRun({ id: 'b', startedAt: 2, accuracy: 0.97, settings: { learningRate: 0.001 } }),
  { ...fakeRun({ id: 'c', startedAt: 3, settings: { learningRate: 0.1 } }), test: null, epochs: [], outcome: { kind: 'stopped' as const, epoch: 0 } },
];
const column = (key: string) => runColumns(null).find((c) => c.key === key)!;

describe('sortRuns', () => {
  it('sorts by test accuracy either way, a run without one last both times', () => {
    expect(sortRuns(runs, column('test'), 'descending').map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(sortRuns(runs, column('test'), 'ascending').map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it('sorts learning rates as numbers, not text', () => {
    expect(sortRuns(runs, column('lr'), 'ascending').map((r) => r.settings.learningRate)).toEqual(['0.001', '0.01', '0.1']);
  });

  it('breaks ties newest first and leaves the input as it was', () => {
    const copy = [...runs];
    expect(sortRuns(runs, column('batch'), 'ascending').map((r) => r.id)).toEqual(['c', 'b', 'a']);
    expect(runs).toEqual(copy);
  });

  it('every column gives a sort value and a text for every run', () => {
    for (const c of runColumns('c')) for (const r of runs) expect(typeof c.text(r)).toBe('string');
  });

  it('calls a run left running by a closed page interrupted, the current one running', () => {
    const open = { ...runs[0], outcome: { kind: 'running' as const } };
    expect(runColumns(null).find((c) => c.key === 'outcome')!.text(open)).toBe('interrupted (page closed)');
    expect(runColumns('a').find((c) => c.key === 'outcome')!.text(open)).toBe('running');
  });
});

describe('bestRunId', () => {
  it('is the run with the best test accuracy, or null with none', () => {
    expect(bestRunId(runs)).toBe('b');
    expect(bestRunId([runs[2]])).toBeNull();
  });
});
