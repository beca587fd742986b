/**
 * The part of a RunRecord both bench pages collect the same way while training: the clock, the
 * batch points, the checks, the epoch ends and the notes. Each page keeps only its own training loop
 * and the facts of its setup (model, optimizer, data preparation).
 */
import { CheckSchedule, log, publish, TrainingClock } from './page';
import type { AccuracyCheck, ClockPoint, EpochEnd, RunRecord } from './record';

/** What a page knows of its run apart from what the recorder collects. */
export type RunSetup = Omit<RunRecord, 'firstBatch' | 'lastBatch' | 'checks' | 'epochEnds' | 'trainWindow' | 'evalWindows' | 'notes'>;

/** Collects one training run's figures on one training clock; record() assembles the RunRecord. */
export class RunRecorder {
  readonly clock = new TrainingClock();
  readonly checks: AccuracyCheck[] = [];
  readonly epochEnds: EpochEnd[] = [];
  readonly notes: string[] = [];
  private readonly schedule: CheckSchedule;
  private firstBatch: ClockPoint | null = null;
  private lastBatch: ClockPoint | null = null;
  private trainWindow: [number, number] = [0, 0];

  constructor(evalEvery: number) {
    this.schedule = new CheckSchedule(evalEvery);
  }

  /** Starts the training clock (after any warm-up) and the window long tasks are counted in. */
  start(): void {
    this.trainWindow = [performance.now(), 0];
    this.clock.start();
  }

  /** Ends the long-task window once training and its last check are done. */
  end(): void {
    this.trainWindow[1] = performance.now();
  }

  /** A batch ended with `examples` seen in all: records the point and publishes progress; true when a check is due. */
  batch(examples: number): boolean {
    const point = { examples, trainMs: this.clock.now() };
    this.firstBatch ??= point;
    this.lastBatch = point;
    publish({ state: 'training', examples });
    return this.schedule.due(examples);
  }

  /** Adds a check of the test images and logs it the way both pages always have. */
  check(check: AccuracyCheck): void {
    this.checks.push(check);
    log(`check at ${check.examples} examples${check.atEpochEnd ? ' (epoch end)' : ''}: ${(check.accuracy * 100).toFixed(2)}% (train clock ${Math.round(check.trainMs)} ms, eval ${Math.round(check.evalMs)} ms)`);
  }

  /** The record: the page's setup, then everything collected, in RunRecord's field order. */
  record(setup: RunSetup): RunRecord {
    return {
      ...setup,
      firstBatch: this.firstBatch,
      lastBatch: this.lastBatch,
      checks: this.checks,
      epochEnds: this.epochEnds,
      trainWindow: this.trainWindow,
      evalWindows: this.clock.windows,
      notes: this.notes,
    };
  }
}
