/**
 * The weights the "Inside the network" cell shows, as plain arrays: the last epoch end's copy (the
 * checkpoint the trainer already reads back, so watching costs training nothing), or a readback of the
 * current model asked for while paused or for a loaded model; and each epoch's weight histograms.
 */
import { weightHistogram, type WeightHistogram } from '../../model/weight-views';
import type { WeightValues } from '../../model/weights';

/** One epoch's histogram of every weight tensor. */
export interface WeightEpoch {
  epoch: number;
  histograms: WeightHistogram[];
}

export interface WeightSnapshot {
  /** Bumped on every change: a React key. */
  version: number;
  /** The weights shown, or null before any epoch end or readback. */
  weights: WeightValues[] | null;
  /** The epoch they are from (1-based, absolute), or null for a readback of a loaded model. */
  epoch: number | null;
  /** True when they were read from the model just now rather than copied at an epoch end. */
  readNow: boolean;
  /** Per-epoch histograms, oldest first (at most MAX_EPOCHS). */
  history: WeightEpoch[];
}

/** The user-timing measure of one epoch end's work for the "Inside the network" cell. */
export const INSIDE_EPOCH_MEASURE = 'mnist:inside-epoch';

/** Epochs of histograms kept; older ones are dropped first. */
export const MAX_EPOCHS = 50;

const EMPTY: WeightSnapshot = { version: 0, weights: null, epoch: null, readNow: false, history: [] };

export class WeightWatch {
  private snapshot: WeightSnapshot = EMPTY;
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): WeightSnapshot => this.snapshot;

  /** An epoch end's weights (the trainer's copy, borrowed read-only); a later epoch replaces the same one. */
  epochEnded(epoch: number, weights: WeightValues[]): void {
    const start = performance.now();
    const history = [...this.snapshot.history.filter((h) => h.epoch < epoch), { epoch, histograms: weights.map((w) => weightHistogram(w)) }].slice(-MAX_EPOCHS);
    this.set({ weights, epoch, readNow: false, history });
    // What watching costs an epoch (the histograms and the listeners' work): read by the training bench.
    performance.measure(INSIDE_EPOCH_MEASURE, { start, end: performance.now(), detail: epoch });
  }

  /** Weights read from the current model now (paused, finished or loaded); `epoch` as the model stands, or null. */
  read(weights: WeightValues[], epoch: number | null): void {
    this.set({ weights, epoch, readNow: true, history: this.snapshot.history });
  }

  clear(): void {
    if (this.snapshot.weights !== null || this.snapshot.history.length > 0) this.set({ weights: null, epoch: null, readNow: false, history: [] });
  }

  private set(next: Omit<WeightSnapshot, 'version'>): void {
    this.snapshot = { ...next, version: this.snapshot.version + 1 };
    for (const listener of [...this.listeners]) listener();
  }
}
