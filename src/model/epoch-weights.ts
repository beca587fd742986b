/**
 * The weights at each finished epoch, kept on the CPU for the sample's per-epoch history. Plain data
 * and no TensorFlow.js import: the notebook's first chunk holds one, and importing tfjs there would
 * make the browser evaluate all of it before the first paint.
 */
import type { WeightValues } from './weights';

/** The weights at the end of each finished epoch (absolute epochs), on the CPU. */
export class EpochWeights {
  private list: { epoch: number; weights: WeightValues[] }[] = [];

  get saved(): readonly { epoch: number; weights: WeightValues[] }[] {
    return this.list;
  }

  add(epoch: number, weights: WeightValues[]): void {
    this.list = [...this.list.filter((e) => e.epoch !== epoch), { epoch, weights }];
  }

  /** Keeps the epochs up to `epoch` (a run continued from its checkpoint). */
  keepUpTo(epoch: number): void {
    this.list = this.list.filter((e) => e.epoch <= epoch);
  }

  clear(): void {
    this.list = [];
  }
}
