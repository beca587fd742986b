/**
 * One trainer's run, from its start to its disposal: its events recorded in the run's history and
 * reduced into the status (batch progress staged, the rest at once), its throughput, when its
 * weights were last evaluated, the evaluation at stop, and continuing it after a stop or its end.
 * The service makes a new one for each new model and drops it with the model.
 */
import type { Trainer, TrainerEvent, TrainingCheckpoint } from '../../model/trainer';
import type { RunHistory } from '../../model/run-history';
import type { TrainingSettings } from '../../model/settings';
import { evaluateOnTest, resourcesPatch, type EvaluationContext } from './test-evaluation';
import { reduceTrainerEvent, Throughput } from './training-reducer';
import type { TrainingStatus } from './training-types';

const RESOURCE_REFRESH_MS = 500;

/** What a run reads of and tells the training service. */
export interface RunContext extends EvaluationContext {
  readonly history: RunHistory;
  /** Whether the WebGL context was lost (and the run's tensors with it). */
  lostContext(): boolean;
  /** An epoch's weights were copied to the CPU (absolute epoch and examples), before the epoch is shown. */
  epochKept(checkpoint: TrainingCheckpoint): void;
  /** The epoch of the last weights kept, or null. */
  keptEpoch(): number | null;
  /** The epoch is shown (its test evaluation in the status): time to save the checkpoint. */
  epochShown(): void;
}

/** Settings that define the model and its data: a change means a new model. Epochs and learning rate can change between runs. */
export function sameRun(a: TrainingSettings, b: TrainingSettings): boolean {
  return (
    JSON.stringify([a.model, a.optimizer, a.batchSize, a.subsetSize, a.validation, a.seed]) === JSON.stringify([b.model, b.optimizer, b.batchSize, b.subsetSize, b.validation, b.seed])
  );
}

export class TrainingRun {
  private readonly throughput = new Throughput();
  private lastEvalMs = 0;
  private lastResourceAt = 0;
  /** The examples count at the last test evaluation (so Stop knows whether the weights moved since). */
  private evaluatedAt = -1;

  /** `generation`: the service's model generation this run belongs to; events of an older one are ignored. */
  constructor(
    readonly trainer: Trainer,
    private readonly ctx: RunContext,
    private readonly generation: number,
  ) {
    trainer.subscribe((e) => {
      if (this.current()) this.onEvent(e);
    });
  }

  /** Whether this run is still the service's current one. */
  current(): boolean {
    return this.ctx.generation() === this.generation;
  }

  /** Whether Train with `settings` continues this run's model rather than building a new one. */
  continuesWith(settings: TrainingSettings): boolean {
    const t = this.trainer;
    return (t.state === 'stopped' || t.state === 'done') && sameRun(t.settings, settings);
  }

  /** Precompiles the training programs (a failure only means they compile on first use), then starts if still current. */
  async begin(): Promise<void> {
    try {
      await this.trainer.warmUp();
    } catch (e) {
      console.warn('Precompiling the training programs failed; they compile on first use.', e);
    }
    if (this.current()) void this.trainer.start();
  }

  /** Trains on after a stop (to the epochs asked for before) or after the end (`epochs` more), with `settings`' learning rate. */
  continue(settings: TrainingSettings): void {
    const { trainer } = this;
    if (settings.learningRate !== trainer.learningRate) trainer.setLearningRate(settings.learningRate);
    const run = this.ctx.store.get().run;
    const targetEpochs = trainer.state === 'done' ? this.ctx.history.offset.epochs + trainer.completedEpochs + settings.epochs : (run?.targetEpochs ?? settings.epochs);
    trainer.settings.epochs = settings.epochs;
    this.ctx.store.update({ message: null, run: run ? { ...run, targetEpochs } : run }, true);
    void trainer.start();
  }

  /** Stops after the batch in flight, keeping the weights (evaluated on the test images if they moved since the last evaluation). */
  async stop(): Promise<void> {
    const { trainer } = this;
    if (trainer.state !== 'running' && trainer.state !== 'paused') return;
    this.ctx.store.update({ phase: 'stopping' }, true);
    await trainer.stop();
  }

  private onEvent(e: TrainerEvent): void {
    const { history, store } = this.ctx;
    if (e.type === 'batch') {
      history.addBatch(e);
      this.throughput.add(e.examplesSeen, e.wallMs);
    } else if (e.type === 'learningRate') {
      history.addLrChange(e, store.get().run?.trainCount ?? 1, store.get().progress.wallMs);
    } else if (e.type === 'epoch') {
      this.lastEvalMs = e.evalMs;
      const { epoch } = history.addEpoch(e);
      const checkpoint = this.trainer.checkpoint;
      if (checkpoint) this.ctx.epochKept({ ...checkpoint, epoch, examplesSeen: history.offset.examples + checkpoint.examplesSeen });
    }
    const ctx = {
      offset: history.offset,
      examplesPerSecond: this.throughput.rate(),
      lastEvalMs: this.lastEvalMs,
      lostContext: this.ctx.lostContext(),
      memory: e.type === 'batch' ? null : this.ctx.dataset.memoryNow(),
      checkpointEpoch: this.ctx.keptEpoch(),
    };
    const { patch, publish } = reduceTrainerEvent(store.get(), e, ctx);
    if (publish === 'staged') store.stage({ ...patch, ...this.maybeResources() });
    else store.update(patch, true);
    if (e.type === 'state' && e.state === 'stopped') void this.evaluateAtStop();
    if (e.type === 'epoch') {
      if (e.test) this.evaluatedAt = e.examplesSeen;
      this.ctx.epochShown();
    }
  }

  /** After a stop: if the weights moved since the last evaluation, evaluate them on all test images. */
  private async evaluateAtStop(): Promise<void> {
    const { trainer } = this;
    if (trainer.examplesSeen === this.evaluatedAt || this.ctx.lostContext()) return;
    const p = this.ctx.store.get().progress;
    const label = { when: `at stop (epoch ${p.epoch}, batch ${p.batchInEpoch} of ${p.batchesPerEpoch})`, epoch: p.epoch, examplesSeen: p.examplesSeen, failure: 'The evaluation at stop failed' };
    if (await evaluateOnTest(this.ctx, trainer.model, label, () => this.current())) this.evaluatedAt = trainer.examplesSeen;
  }

  private maybeResources(): Partial<TrainingStatus> {
    const now = performance.now();
    if (now - this.lastResourceAt < RESOURCE_REFRESH_MS) return {};
    this.lastResourceAt = now;
    return resourcesPatch(this.ctx.store, this.ctx.dataset);
  }
}
