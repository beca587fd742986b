/** WeightWatch: the weights the "Inside the network" cell shows, and the epochs of histograms it keeps. */
import { describe, expect, it, vi } from 'vitest';
import { weightHistogram } from '../../../../src/model/weight-views';
import type { WeightValues } from '../../../../src/model/weights';
import { MAX_EPOCHS, WeightWatch } from '../../../../src/notebook/services/weight-watch';

const weights = (fill: number): WeightValues[] => [
  { name: 'd/kernel', shape: [2, 2], values: Float32Array.from([fill, -fill, 2 * fill, 0]) },
  { name: 'd/bias', shape: [2], values: Float32Array.from([fill, fill]) },
];

describe('WeightWatch', () => {
  it('shows each epoch end and keeps its histograms, oldest first, telling subscribers', () => {
    const watch = new WeightWatch();
    const seen = vi.fn();
    watch.subscribe(seen);
    expect(watch.getSnapshot().weights).toBeNull();
    watch.epochEnded(1, weights(1));
    watch.epochEnded(2, weights(2));
    const s = watch.getSnapshot();
    expect([s.epoch, s.readNow, s.weights?.[0].values[0]]).toEqual([2, false, 2]);
    expect(s.history.map((h) => h.epoch)).toEqual([1, 2]);
    expect(s.history[1].histograms).toEqual(weights(2).map((w) => weightHistogram(w)));
    expect(seen).toHaveBeenCalledTimes(2);
  });

  it('drops the epochs a continued run trains again, and keeps at most MAX_EPOCHS', () => {
    const watch = new WeightWatch();
    for (let e = 1; e <= 4; e++) watch.epochEnded(e, weights(e));
    watch.epochEnded(3, weights(9));
    expect(watch.getSnapshot().history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    for (let e = 4; e <= MAX_EPOCHS + 10; e++) watch.epochEnded(e, weights(e));
    const epochs = watch.getSnapshot().history.map((h) => h.epoch);
    expect(epochs).toHaveLength(MAX_EPOCHS);
    expect(epochs.at(-1)).toBe(MAX_EPOCHS + 10);
  });

  it('shows a readback without touching the history; clear forgets both, once', () => {
    const watch = new WeightWatch();
    watch.epochEnded(1, weights(1));
    watch.read(weights(5), 1.5);
    const s = watch.getSnapshot();
    expect([s.epoch, s.readNow, s.weights?.[1].values[0], s.history.length]).toEqual([1.5, true, 5, 1]);
    const seen = vi.fn();
    watch.subscribe(seen);
    watch.clear();
    watch.clear();
    expect(seen).toHaveBeenCalledTimes(1);
    expect([watch.getSnapshot().weights, watch.getSnapshot().history]).toEqual([null, []]);
  });
});
