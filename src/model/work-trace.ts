/**
 * The trainer's synchronous main-thread work as user-timing measures, so a profiler or the bench can
 * tell a long task caused by training (dispatching a batch's GPU programs, an evaluation chunk) from
 * one caused by the page. Entries are cleared every MAX_KEPT so a long run does not grow the timeline;
 * a PerformanceObserver still sees every one.
 */

/** The measure's name; its `detail` says which work ('step', 'evaluate'). */
export const TRAINING_WORK = 'mnist:training-work';

const MAX_KEPT = 1000;
let kept = 0;

/** Runs `work` (synchronous) and records it as a TRAINING_WORK measure; returns what it returns. */
export function traceTrainingWork<T>(what: string, work: () => T): T {
  const timeline = typeof performance === 'undefined' || typeof performance.measure !== 'function' ? null : performance;
  if (!timeline) return work();
  const start = timeline.now();
  try {
    return work();
  } finally {
    timeline.measure(TRAINING_WORK, { start, end: timeline.now(), detail: what });
    if (++kept >= MAX_KEPT) {
      timeline.clearMeasures(TRAINING_WORK);
      kept = 0;
    }
  }
}
