import { describe, expect, it } from 'vitest';
import { createLatestRunner } from '../../../../src/notebook/draw/latest';

/** A job whose calls resolve when the test says so. */
function controlledJob() {
  const calls: { input: number; resolve: (v: string) => void }[] = [];
  const job = (input: number) => new Promise<string>((resolve) => calls.push({ input, resolve }));
  return { calls, job };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createLatestRunner', () => {
  it('runs at most one job at a time and then only the latest waiting input', async () => {
    const { calls, job } = controlledJob();
    const results: string[] = [];
    const runner = createLatestRunner(job, (out) => results.push(out));
    runner.run(1);
    runner.run(2);
    runner.run(3);
    runner.run(4);
    expect(calls.map((c) => c.input)).toEqual([1]);
    calls[0].resolve('one');
    await tick();
    expect(results).toEqual(['one']);
    expect(calls.map((c) => c.input), 'inputs 2 and 3 were replaced by 4').toEqual([1, 4]);
    calls[1].resolve('four');
    await tick();
    expect(results).toEqual(['one', 'four']);
    runner.run(5);
    expect(calls.map((c) => c.input)).toEqual([1, 4, 5]);
  });

  it('cancel drops the result in flight and the waiting input, and the runner goes on working', async () => {
    const { calls, job } = controlledJob();
    const results: string[] = [];
    const runner = createLatestRunner(job, (out, input) => results.push(`${input}:${out}`));
    runner.run(1);
    runner.run(2);
    runner.cancel();
    calls[0].resolve('stale');
    await tick();
    expect(results).toEqual([]);
    expect(calls).toHaveLength(1);
    runner.run(3);
    calls[1].resolve('fresh');
    await tick();
    expect(results).toEqual(['3:fresh']);
  });
});
