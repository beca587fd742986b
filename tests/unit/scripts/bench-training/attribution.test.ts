import { describe, expect, it } from 'vitest';
import { attributeLongTasks } from '../../../../scripts/bench-training/figures';

const task = (startTime: number, duration: number) => ({ startTime, duration });
const work = (startTime: number, duration: number, what = 'step') => ({ startTime, duration, what });

describe('attributeLongTasks', () => {
  it("gives a task to training when the trainer's work fills at least half of it, else to the UI", () => {
    const tasks = [task(0, 80), task(100, 60), task(200, 100), task(400, 70)];
    const measures = [
      work(5, 60), // 60 of task 1's 80 ms: training
      work(120, 10), // 10 of 60: the UI's
      work(190, 30), // starts before task 3: 20 inside ...
      work(230, 40, 'evaluate'), // ... and 40 more: 60 of 100, training
    ];
    const { training, ui } = attributeLongTasks(tasks, measures);
    expect(training).toEqual([tasks[0], tasks[2]]);
    expect(ui).toEqual([tasks[1], tasks[3]]);
  });

  it('exactly half is training; no measures at all is all UI; every task lands in one list', () => {
    expect(attributeLongTasks([task(0, 60)], [work(0, 30)]).training).toHaveLength(1);
    expect(attributeLongTasks([task(0, 60)], [work(0, 29.9)]).ui).toHaveLength(1);
    const tasks = Array.from({ length: 20 }, (_, i) => task(i * 100, 50 + i));
    const { training, ui } = attributeLongTasks(tasks, []);
    expect(training).toEqual([]);
    expect(ui).toEqual(tasks);
  });
});
