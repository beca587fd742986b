/**
 * The run's checkpoint in the browser: written after each epoch (weights, settings, position and the
 * charts' history), read back on the next page as a "Resume from epoch N" offer, and forgotten on
 * Reset or a new model. A write still in flight when the checkpoint is discarded clears itself.
 * CheckpointSync talks to the store; StoredCheckpoints shows what it does in the training status.
 */
import { CHECKPOINT_VERSION, downsampleColumns, tryParseCheckpoint, type StoredCheckpoint } from '../../model/checkpoint';
import type { CheckpointStore } from '../../model/model-store';
import { presetOf } from '../../model/presets';
import type { RunHistory, TestPoint } from '../../model/run-history';
import { specToText } from '../../model/spec';
import type { TrainingCheckpoint } from '../../model/events';
import type { StagedStatus } from './staged-status';
import type { RunInfo, ResumeOffer, TrainingStatus } from './training-types';
import type { DatasetSource, TrainingDataset } from './types';

/** Why a stored checkpoint cannot resume with `source` in use, or null. */
export function resumeBlocked(c: StoredCheckpoint, source: DatasetSource): string | null {
  if (source.name !== c.dataset.name || source.rows !== c.dataset.rows || source.cols !== c.dataset.cols) return `it was trained on ${c.dataset.name}, and ${source.name} is in use`;
  return null;
}

/** What the training panel says of a stored checkpoint. */
export function resumeOffer(c: StoredCheckpoint, source: DatasetSource): ResumeOffer {
  return { epoch: c.epoch, targetEpochs: c.targetEpochs, savedAt: c.savedAt, model: presetOf(c.settings.model) ?? specToText(c.settings.model), dataset: c.dataset.name, blocked: resumeBlocked(c, source) };
}

/** The record a checkpoint stores: the run at the end of `checkpoint`'s epoch (absolute), its history with the batches downsampled. */
export function checkpointRecord(run: RunInfo, source: DatasetSource, checkpoint: TrainingCheckpoint, history: RunHistory, testHistory: readonly TestPoint[], savedAt = Date.now()): StoredCheckpoint {
  const s = history.series;
  return {
    version: CHECKPOINT_VERSION,
    savedAt,
    settings: run.settings,
    dataset: { name: source.name, rows: source.rows, cols: source.cols },
    epoch: checkpoint.epoch,
    examplesSeen: checkpoint.examplesSeen,
    targetEpochs: run.targetEpochs,
    weights: checkpoint.weights,
    batches: downsampleColumns(s, s.length),
    epochs: [...history.epochs],
    lrChanges: [...history.lrChanges],
    testHistory: [...testHistory],
  };
}

export class CheckpointSync {
  /** The checkpoint an earlier page saved, until resumed or discarded. */
  private stored: StoredCheckpoint | null = null;
  /** Bumped when the stored checkpoint is discarded, so a save still in flight clears itself. */
  private token = 0;

  /** `store` null: nothing is kept across reloads (tests that do not need it). */
  constructor(private readonly store: CheckpointStore | null) {}

  get enabled(): boolean {
    return this.store !== null;
  }

  /** The stored checkpoint read by `read`, if not resumed or discarded since. */
  get offered(): StoredCheckpoint | null {
    return this.stored;
  }

  /**
   * Reads what an earlier page saved. A damaged or outdated record is discarded (with a console
   * note). Resolves to the checkpoint to offer, or null; `stillWanted` is asked once it is read.
   */
  async read(stillWanted: () => boolean): Promise<StoredCheckpoint | null> {
    const token = this.token;
    const r = await this.store?.load();
    if (!r || !r.ok || r.value === null || r.value === undefined || token !== this.token || !stillWanted()) return null;
    const parsed = tryParseCheckpoint(r.value);
    if (!parsed.ok) {
      console.warn(`Discarding the saved checkpoint: ${parsed.error}`);
      void this.discard();
      return null;
    }
    this.stored = parsed.value;
    return parsed.value;
  }

  /** Takes the offered checkpoint for a resume (it is no longer offered). */
  take(): StoredCheckpoint | null {
    const c = this.stored;
    this.stored = null;
    return c;
  }

  /** Forgets the stored checkpoint, in memory and in the browser; a save in flight clears itself. */
  async discard(): Promise<void> {
    this.token++;
    this.stored = null;
    const r = await this.store?.clear();
    if (r && !r.ok) console.warn(r.error);
  }

  /** Writes `record`; resolves to an error message if the browser refused it (training goes on), or null. */
  async save(record: StoredCheckpoint): Promise<string | null> {
    const store = this.store;
    if (!store) return null;
    const token = this.token;
    const r = await store.save(record);
    if (token !== this.token) {
      // Reset or a new model came while this was being written: it must not outlive them.
      await store.clear();
      return null;
    }
    return r.ok ? null : r.error;
  }
}

/** What the checkpoint flows read and update of the training service. */
export interface CheckpointContext {
  readonly store: StagedStatus<TrainingStatus>;
  readonly dataset: TrainingDataset;
  readonly history: RunHistory;
}

/** The stored checkpoint's flows as the training panel sees them: the offer, a resume, a discard, the save after each epoch. */
export class StoredCheckpoints {
  readonly sync: CheckpointSync;

  constructor(
    store: CheckpointStore | null,
    private readonly ctx: CheckpointContext,
  ) {
    this.sync = new CheckpointSync(store);
  }

  /** Reads the checkpoint an earlier page saved and offers it as "Resume from epoch N" if `stillWanted` once read. */
  async offer(stillWanted: () => boolean): Promise<void> {
    if (!this.sync.enabled) return;
    const c = await this.sync.read(stillWanted);
    if (c) this.ctx.store.update({ resumable: resumeOffer(c, this.ctx.dataset.getStatus().source) }, true);
  }

  /**
   * Takes the offered checkpoint to resume from: its charts' history and test curve come back. Null
   * when there is none, or when it cannot resume with the dataset in use (the panel says why).
   */
  takeForResume(): StoredCheckpoint | null {
    const c = this.sync.offered;
    if (!c) return null;
    const blocked = resumeBlocked(c, this.ctx.dataset.getStatus().source);
    if (blocked) {
      this.ctx.store.update({ message: { kind: 'info', text: `Cannot resume: ${blocked}.` } }, true);
      return null;
    }
    this.sync.take();
    this.ctx.history.restore(c.batches, c.epochs, c.lrChanges);
    this.ctx.store.update({ testHistory: c.testHistory, test: null, resumable: null });
    return c;
  }

  /** Forgets the checkpoint an earlier page saved (and its offer). */
  async discard(): Promise<void> {
    // The offer goes once the store has forgotten it: a reload right after the click must not find it again.
    await this.sync.discard();
    if (this.ctx.store.get().resumable) this.ctx.store.update({ resumable: null }, true);
  }

  /** After an epoch: `checkpoint` (absolute epoch) with the run's settings and charts' history, to the store; a refusal is said, training goes on. */
  async persist(checkpoint: TrainingCheckpoint | null): Promise<void> {
    const { store, dataset, history } = this.ctx;
    const run = store.get().run;
    if (!this.sync.enabled || !checkpoint || !run) return;
    const problem = await this.sync.save(checkpointRecord(run, dataset.getStatus().source, checkpoint, history, store.get().testHistory));
    if (problem) store.update({ message: { kind: 'info', text: `The checkpoint of epoch ${checkpoint.epoch} could not be kept in the browser (${problem}); training goes on.` } }, true);
  }
}
