/**
 * The training bench's figures from the pages' records: long tasks, throughput, time to an accuracy,
 * leaks, the ratios ours/reference against the targets, and the human summary lines.
 */
import type { LongTaskEntry, RunRecord, TrainingWorkEntry } from '../../bench/record';
import { round } from '../bench-common';
import type { RunOutcome } from './pages';

const TARGETS = { throughputRatio: 1.5, timeTo98Ratio: 0.5, cnnFinalAccuracy: 0.992, tensorsLeakedPerEpoch: 0 } as const;
const THRESHOLDS = [0.98, 0.99] as const;

// ---- Long tasks ----

export interface LongTaskFigures {
  count: number;
  p95Ms: number | null;
  maxMs: number | null;
  totalMs: number;
}

/** The q-quantile (nearest rank) of `values`, rounded to 0.1; null when empty. */
export function quantile(values: number[], q: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]) : null;
}

/** Count, p95, max and total of long-task durations (ms). */
export function longTaskFigures(durations: number[]): LongTaskFigures {
  return { count: durations.length, p95Ms: quantile(durations, 0.95), maxMs: quantile(durations, 1), totalMs: round(durations.reduce((a, b) => a + b, 0)) ?? 0 };
}

/**
 * Splits long tasks into those caused by training and those caused by the page: a task is training's
 * when the trainer's own synchronous work inside it (its 'step' and 'evaluate' measures) is at least
 * half of the task. The rest (React renders, chart redraws, sample readbacks, input) is the UI's.
 */
export function attributeLongTasks(tasks: LongTaskEntry[], work: TrainingWorkEntry[]): { training: LongTaskEntry[]; ui: LongTaskEntry[] } {
  const training: LongTaskEntry[] = [];
  const ui: LongTaskEntry[] = [];
  for (const task of tasks) {
    const end = task.startTime + task.duration;
    const inside = work.reduce((sum, w) => sum + Math.max(0, Math.min(end, w.startTime + w.duration) - Math.max(task.startTime, w.startTime)), 0);
    (inside >= task.duration / 2 ? training : ui).push(task);
  }
  return { training, ui };
}

/** Long tasks that started during training: outside the checks (what a learner feels) and with them. */
function trainingLongTasks(entries: LongTaskEntry[], record: RunRecord): { training: LongTaskFigures; includingChecks: LongTaskFigures } {
  const [from, to] = record.trainWindow;
  const during = entries.filter((e) => e.startTime >= from && e.startTime <= to);
  const inCheck = (e: LongTaskEntry) => record.evalWindows.some(([s, t]) => e.startTime >= s && e.startTime <= t);
  return {
    training: longTaskFigures(during.filter((e) => !inCheck(e)).map((e) => e.duration)),
    includingChecks: longTaskFigures(during.map((e) => e.duration)),
  };
}

// ---- Runs ----

interface Milestone {
  /** Training-clock seconds to the first check at or above the threshold. */
  seconds: number;
  epochs: number;
  examples: number;
  accuracy: number;
}

/** A run's figures as the JSON reports them: throughput, time to each threshold, accuracy, leaks, long tasks. */
export function summarize(outcome: RunOutcome) {
  const r = outcome.record;
  const { firstBatch: first, lastBatch: last } = r;
  const steadyMs = first && last ? last.trainMs - first.trainMs : 0;
  const examplesPerSec = first && last && steadyMs > 0 ? (last.examples - first.examples) / (steadyMs / 1000) : null;
  const reach = (threshold: number): Milestone | null => {
    const c = r.checks.find((k) => k.accuracy >= threshold);
    return c ? { seconds: round(c.trainMs / 1000, 2)!, epochs: round(c.epochs, 3)!, examples: c.examples, accuracy: c.accuracy } : null;
  };
  const endChecks = r.checks.filter((c) => c.atEpochEnd);
  const leaks = r.epochEnds.slice(1).map((e, i) => e.numTensors - r.epochEnds[i].numTensors);
  return {
    model: r.model,
    params: r.params,
    backend: r.backend,
    optimizer: `${r.optimizer} ${r.learningRate}${r.schedule && r.schedule !== 'constant' ? ` ${r.schedule}` : ''}`,
    batchSize: r.batchSize,
    trainCount: r.trainCount,
    epochs: r.epochs,
    prepMs: round(r.prepMs, 0),
    firstBatchMs: round(first?.trainMs, 0),
    examplesPerSec: round(examplesPerSec),
    trainSeconds: round((last?.trainMs ?? 0) / 1000, 1),
    wallSeconds: round(outcome.wallMs / 1000, 1),
    timeTo: Object.fromEntries(THRESHOLDS.map((t) => [String(t), reach(t)])) as Record<string, Milestone | null>,
    finalTestAccuracy: endChecks.length ? endChecks[endChecks.length - 1].accuracy : null,
    bestTestAccuracy: r.checks.length ? Math.max(...r.checks.map((c) => c.accuracy)) : null,
    epochEnds: r.epochEnds.map((e, i) => ({
      epoch: e.epoch,
      testAccuracy: endChecks.find((c) => c.examples === e.examples)?.accuracy ?? null,
      trainSeconds: round(e.trainMs / 1000, 1),
      numTensors: e.numTensors,
      numBytes: e.numBytes,
      numBytesInGPU: e.numBytesInGPU,
      numBytesInGPUAllocated: e.numBytesInGPUAllocated,
      tensorsLeaked: i === 0 ? null : leaks[i - 1],
    })),
    tensorsLeakedPerEpoch: leaks.length ? Math.max(...leaks) : null,
    longTasks: trainingLongTasks(outcome.longTasks, r),
    checks: r.checks.map((c) => ({ examples: c.examples, trainSeconds: round(c.trainMs / 1000, 2), accuracy: c.accuracy, evalMs: round(c.evalMs, 0), epochEnd: c.atEpochEnd })),
    notes: r.notes,
  };
}

export type Summary = ReturnType<typeof summarize>;
type Status = 'met' | 'missed' | 'not measured';

export interface Target {
  target: string;
  value: number | null;
  status: Status;
  note?: string;
}

/** Ours (CNN) against the reference: throughput and time-to-98% ratios and their targets. */
export function ratioTargets(cnn: Summary | null, reference: Summary | null) {
  const throughput = cnn?.examplesPerSec && reference?.examplesPerSec ? cnn.examplesPerSec / reference.examplesPerSec : null;
  const ours98 = cnn?.timeTo['0.98'] ?? null;
  const ref98 = reference?.timeTo['0.98'] ?? null;
  let timeTo98: number | null = null;
  let note: string | undefined;
  if (ours98 && ref98) timeTo98 = ours98.seconds / ref98.seconds;
  else if (ours98 && reference && !ref98) {
    // The reference never got there: its whole run is a lower bound on its time, so ours / run is an upper bound on the ratio.
    timeTo98 = ours98.seconds / Math.max(reference.trainSeconds ?? Infinity, 1e-9);
    note = `upper bound: the reference did not reach 98% in ${reference.trainSeconds} s of training`;
  }
  const ours99 = cnn?.timeTo['0.99'] ?? null;
  const ref99 = reference?.timeTo['0.99'] ?? null;
  return {
    ratios: {
      throughput: round(throughput, 2),
      timeTo98: round(timeTo98, 3),
      ...(note ? { timeTo98Note: note } : {}),
      timeTo99: ours99 && ref99 ? round(ours99.seconds / ref99.seconds, 3) : null,
      /** Informational: the dense preset against the reference's ConvNet (different models). */
      denseVsReferenceThroughput: null as number | null,
      /** Informational: our pipeline training the reference's own ConvNet (rmsprop, batch 320) against the reference. */
      sameModelPipelineThroughput: null as number | null,
    },
    targets: {
      throughputRatio: { target: `>= ${TARGETS.throughputRatio}`, value: round(throughput, 2), status: throughput === null ? 'not measured' : throughput >= TARGETS.throughputRatio ? 'met' : 'missed' } as Target,
      timeTo98Ratio: {
        target: `<= ${TARGETS.timeTo98Ratio}`,
        value: round(timeTo98, 3),
        status: timeTo98 === null ? (cnn && reference && !ours98 ? 'missed' : 'not measured') : timeTo98 <= TARGETS.timeTo98Ratio ? 'met' : note ? 'not measured' : 'missed',
        ...(note ? { note } : cnn && !ours98 ? { note: 'the CNN preset did not reach 98%' } : {}),
      } as Target,
    },
  };
}

/** The CNN's final accuracy and the worst tensor leak per epoch (dense or CNN) against their targets. */
export function absoluteTargets(cnn: Summary | null, dense: Summary | null, cnnEpochs: number): Record<string, Target> {
  const finalAccuracy = cnn?.finalTestAccuracy ?? null;
  const leaked = [cnn?.tensorsLeakedPerEpoch, dense?.tensorsLeakedPerEpoch].filter((v): v is number => typeof v === 'number');
  const maxLeak = leaked.length ? Math.max(...leaked) : null;
  return {
    cnnFinalAccuracy: {
      target: `>= ${TARGETS.cnnFinalAccuracy} after ${cnnEpochs} epochs`,
      value: finalAccuracy,
      status: finalAccuracy === null ? 'not measured' : finalAccuracy >= TARGETS.cnnFinalAccuracy ? 'met' : 'missed',
    },
    tensorsLeakedPerEpoch: {
      target: `== ${TARGETS.tensorsLeakedPerEpoch}`,
      value: maxLeak,
      status: maxLeak === null ? 'not measured' : maxLeak <= TARGETS.tensorsLeakedPerEpoch ? 'met' : 'missed',
      ...(maxLeak === null ? { note: 'needs 2+ epochs' } : {}),
    },
  };
}

/** The stderr summary: one line per run, one per target. */
export function humanSummary(result: { quick: boolean; ours: Record<string, Summary | null>; reference: Summary | null; targets: Record<string, Target> }): string[] {
  const pct = (v: number | null | undefined) => (v == null ? '-' : `${(v * 100).toFixed(2)}%`);
  const when = (m: Milestone | null | undefined) => (m ? `${m.seconds} s (${m.epochs} epochs)` : 'not reached');
  const lines: string[] = [];
  if (result.quick) lines.push('QUICK run: short subsets check the machinery; the figures are not the targets\' measurement.');
  const row = (name: string, s: Summary | null) => {
    if (!s) return;
    const lt = s.longTasks.training;
    lines.push(
      `${name}: ${s.examplesPerSec ?? '-'} examples/s (steady state, first batch ${s.firstBatchMs} ms excluded), 98% ${when(s.timeTo['0.98'])}, 99% ${when(s.timeTo['0.99'])}, final ${pct(s.finalTestAccuracy)}, leaked/epoch ${s.tensorsLeakedPerEpoch ?? '-'}, long tasks ${lt.count} (p95 ${lt.p95Ms ?? '-'} ms, max ${lt.maxMs ?? '-'} ms)`,
    );
  };
  row('ours dense', result.ours.dense);
  row('ours cnn  ', result.ours.cnn);
  row('ours, the reference ConvNet', result.ours.refmodel);
  row('reference ', result.reference);
  for (const [name, t] of Object.entries(result.targets)) lines.push(`target ${name} ${t.target}: ${t.value ?? '-'} -> ${t.status}${t.note ? ` (${t.note})` : ''}`);
  return lines;
}
