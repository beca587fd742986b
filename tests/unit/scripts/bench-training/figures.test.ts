import { describe, expect, it } from 'vitest';
import type { AccuracyCheck, EpochEnd, RunRecord } from '../../../../bench/record';
import { absoluteTargets, humanSummary, longTaskFigures, quantile, ratioTargets, summarize } from '../../../../scripts/bench-training/figures';
import type { RunOutcome } from '../../../../scripts/bench-training/pages';

const check = (examples: number, trainMs: number, accuracy: number, atEpochEnd = false): AccuracyCheck => ({ examples, epochs: examples / 6400, trainMs, accuracy, count: 10_000, evalMs: 40, atEpochEnd });
const epochEnd = (epoch: number, numTensors: number): EpochEnd => ({ epoch, examples: epoch * 6400, trainMs: epoch * 10_000, numTensors, numBytes: 1, numBytesInGPU: null, numBytesInGPUAllocated: null });

function outcome(over: Partial<RunRecord> = {}): RunOutcome {
  const record: RunRecord = {
    pipeline: 'ours',
    model: 'cnn',
    params: 1000,
    backend: 'webgl',
    optimizer: 'adam',
    learningRate: 0.001,
    schedule: 'constant',
    batchSize: 64,
    trainCount: 6400,
    epochs: 2,
    evalEvery: 3200,
    prepMs: 812.4,
    firstBatch: { examples: 64, trainMs: 500 },
    lastBatch: { examples: 12_800, trainMs: 20_500 },
    checks: [check(3200, 5000, 0.95), check(6400, 10_000, 0.981, true), check(9600, 15_000, 0.989), check(12_800, 20_000, 0.9912, true)],
    epochEnds: [epochEnd(1, 40), epochEnd(2, 40)],
    trainWindow: [1000, 30_000],
    evalWindows: [[5000, 5040]],
    notes: [],
    ...over,
  };
  return { record, longTasks: [{ startTime: 2000, duration: 80 }, { startTime: 5010, duration: 300 }, { startTime: 40_000, duration: 999 }], wallMs: 31_000 };
}

describe('quantile and longTaskFigures', () => {
  it.each([
    [[], 0.5, null],
    [[7], 0.95, 7],
    [[1, 2, 3, 4], 0.5, 2],
    [[4, 1, 3, 2], 1, 4],
    [[60, 50.04], 0.5, 50],
  ])('quantile(%j, %s) = %s', (values, q, want) => expect(quantile(values, q)).toBe(want));

  it('counts none as zero and sums the rest', () => {
    expect(longTaskFigures([])).toEqual({ count: 0, p95Ms: null, maxMs: null, totalMs: 0 });
    expect(longTaskFigures([60, 120.04, 55])).toEqual({ count: 3, p95Ms: 120, maxMs: 120, totalMs: 235 });
  });
});

describe('summarize', () => {
  const s = summarize(outcome());

  it('measures steady-state throughput from the end of the first batch', () => {
    expect(s.examplesPerSec).toBe(round1((12_800 - 64) / 20));
    expect(s.firstBatchMs).toBe(500);
    expect(s.prepMs).toBe(812);
  });

  it('finds the first check at each threshold and the final epoch-end accuracy', () => {
    expect(s.timeTo['0.98']).toEqual({ seconds: 10, epochs: 1, examples: 6400, accuracy: 0.981 });
    expect(s.timeTo['0.99']).toEqual({ seconds: 20, epochs: 2, examples: 12_800, accuracy: 0.9912 });
    expect(s.finalTestAccuracy).toBe(0.9912);
    expect(s.bestTestAccuracy).toBe(0.9912);
  });

  it('counts long tasks during training apart from those inside a check, and none after it', () => {
    expect(s.longTasks.training.count).toBe(1);
    expect(s.longTasks.includingChecks.count).toBe(2);
  });

  it('reports tensors leaked between epoch ends', () => {
    expect(s.tensorsLeakedPerEpoch).toBe(0);
    expect(summarize(outcome({ epochEnds: [epochEnd(1, 40), epochEnd(2, 43)] })).tensorsLeakedPerEpoch).toBe(3);
    expect(summarize(outcome({ epochEnds: [epochEnd(1, 40)] })).tensorsLeakedPerEpoch).toBeNull();
  });

  it('has no throughput without batches', () => {
    expect(summarize(outcome({ firstBatch: null, lastBatch: null })).examplesPerSec).toBeNull();
  });
});

const round1 = (v: number) => Number(v.toFixed(1));

describe('targets', () => {
  const ours = summarize(outcome());
  const slower = summarize(outcome({ lastBatch: { examples: 12_800, trainMs: 60_500 }, checks: [check(6400, 30_000, 0.982, true)] }));

  it('compares ours with the reference', () => {
    const { ratios, targets } = ratioTargets(ours, slower);
    expect(ratios.throughput).toBe(3);
    expect(ratios.timeTo98).toBe(0.333);
    expect(targets.throughputRatio.status).toBe('met');
    expect(targets.timeTo98Ratio.status).toBe('met');
  });

  it('takes the reference run as a bound when it never reached 98%', () => {
    const never = summarize(outcome({ checks: [check(6400, 10_000, 0.9, true)] }));
    const { ratios, targets } = ratioTargets(ours, never);
    // 10 s against the reference's whole 20.5 s run: an upper bound that already meets the target.
    expect(ratios.timeTo98).toBe(0.488);
    expect(ratios.timeTo98Note).toMatch(/upper bound/);
    expect(targets.timeTo98Ratio.status).toBe('met');
    // An upper bound above the target proves nothing either way.
    const shortRef = summarize(outcome({ lastBatch: { examples: 12_800, trainMs: 8000 }, checks: [check(6400, 8000, 0.9, true)] }));
    expect(ratioTargets(ours, shortRef).targets.timeTo98Ratio.status).toBe('not measured');
  });

  it('says not measured without a reference', () => {
    expect(ratioTargets(ours, null).targets.throughputRatio.status).toBe('not measured');
  });

  it('checks the CNN final accuracy and the leak target', () => {
    const t = absoluteTargets(ours, null, 2);
    expect(t.cnnFinalAccuracy).toEqual({ target: '>= 0.992 after 2 epochs', value: 0.9912, status: 'missed' });
    expect(t.tensorsLeakedPerEpoch).toEqual({ target: '== 0', value: 0, status: 'met' });
    expect(absoluteTargets(null, null, 5).tensorsLeakedPerEpoch.note).toBe('needs 2+ epochs');
  });

  it('prints one line per run and per target', () => {
    const lines = humanSummary({ quick: true, ours: { dense: null, cnn: ours, refmodel: null }, reference: null, targets: absoluteTargets(ours, null, 2) });
    expect(lines[0]).toMatch(/^QUICK run/);
    expect(lines[1]).toMatch(/^ours cnn {2}: 636\.8 examples\/s .* 98% 10 s \(1 epochs\), 99% 20 s \(2 epochs\), final 99\.12%/);
    expect(lines.slice(2)).toEqual(['target cnnFinalAccuracy >= 0.992 after 2 epochs: 0.9912 -> missed', 'target tensorsLeakedPerEpoch == 0: 0 -> met']);
  });
});
