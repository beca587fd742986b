/** Helpers both bench pages share: their query-string knobs, status publishing and the evaluation clock. */
import * as tf from '@tensorflow/tfjs';
import type { BenchStatus, EpochEnd, RunRecord } from './record';

/** A whole number from the query string, or `fallback` when absent or not a positive integer. */
export function intParam(name: string, fallback: number): number {
  const n = Number(new URLSearchParams(location.search).get(name));
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function stringParam(name: string, fallback: string): string {
  return new URLSearchParams(location.search).get(name) ?? fallback;
}

/** Console lines the script forwards to its stderr. */
export function log(text: string): void {
  console.log(`[bench] ${text}`);
}

export function publish(status: BenchStatus): void {
  window.__benchStatus = status;
}

/** Runs a page's benchmark and publishes its record, or the error that stopped it. */
export function runPage(main: () => Promise<RunRecord>): void {
  publish({ state: 'loading', examples: 0 });
  main().then(
    (record) => publish({ state: 'done', record }),
    (e: unknown) => publish({ state: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
}

/** tf.memory() as EpochEnd's fields. */
export function memoryAt(epoch: number, examples: number, trainMs: number): EpochEnd {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number; numBytesInGPUAllocated?: number };
  return { epoch, examples, trainMs, numTensors: m.numTensors, numBytes: m.numBytes, numBytesInGPU: m.numBytesInGPU ?? null, numBytesInGPUAllocated: m.numBytesInGPUAllocated ?? null };
}

/**
 * The training clock: wall time since start() minus every excluded (evaluation) window. Both
 * pipelines keep time with it, so neither is charged for the checks the benchmark adds.
 */
export class TrainingClock {
  private started = 0;
  private excluded = 0;
  private openedAt: number | null = null;
  readonly windows: [number, number][] = [];

  start(): void {
    this.started = performance.now();
  }

  /** Training ms so far (an open window is not counted). */
  now(): number {
    const end = this.openedAt ?? performance.now();
    return end - this.started - this.excluded;
  }

  get isOpen(): boolean {
    return this.openedAt !== null;
  }

  /** Stops the clock until close(). */
  open(): void {
    if (this.openedAt === null) this.openedAt = performance.now();
  }

  /** Restarts the clock; returns the ms the window lasted. */
  close(): number {
    if (this.openedAt === null) return 0;
    const end = performance.now();
    const ms = end - this.openedAt;
    this.windows.push([this.openedAt, end]);
    this.excluded += ms;
    this.openedAt = null;
    return ms;
  }

  /** Excludes a span that already happened and ended just now (e.g. the trainer's epoch-end evaluation). */
  excludePast(ms: number): void {
    const end = performance.now();
    this.windows.push([end - ms, end]);
    this.excluded += ms;
  }

  get startedAt(): number {
    return this.started;
  }
}

/** Checks fall due each time cumulative examples reach the next multiple of `every`. */
export class CheckSchedule {
  private next: number;
  constructor(private readonly every: number) {
    this.next = every;
  }

  /** True once per crossing of a multiple of `every`. */
  due(examples: number): boolean {
    if (examples < this.next) return false;
    while (this.next <= examples) this.next += this.every;
    return true;
  }
}
