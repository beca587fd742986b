/**
 * Every training run, recorded and kept: follows the training service's status and history, turns what
 * changed into the run record's events (model/run-record.ts), saves the record at each epoch end, test
 * evaluation and end (never per batch: recording costs training nothing), and publishes the stored runs
 * for the runs table, with rename, delete, export and import. A store that fails or is full is a message
 * here; the run goes on.
 */
import { errorMessage } from '../../lib/format';
import type { RunHistory } from '../../model/run-history';
import { runsToCsv, runsToJson, tryParseRunsJson } from '../../model/run-files';
import { createRunRecord, reduceRunRecord, tryParseRunSettings, type RunOutcome, type RunRecord, type RunRecordEvent, type RunTestResult } from '../../model/run-record';
import { newestFirst, RUNS_BUDGET_BYTES, storedBytes, tryParseRunName, type RunStore } from '../../model/run-store';
import type { TrainingSettings } from '../../model/settings';
import { analyzeSpec } from '../../model/spec';
import { isTrainingBusy, type TestEvaluation, type TrainingStatus } from './training-types';
import type { DatasetSource } from './types';

export interface RunsStatus {
  /** Stored runs, newest first (the run in progress as it is now). */
  runs: RunRecord[];
  /** The run being recorded, or null. */
  currentId: string | null;
  bytes: number;
  budget: number;
  /** The store's last failure (full, refused, no IndexedDB), or an import's result. */
  message: { kind: 'error' | 'info'; text: string } | null;
  /** The stored runs have been read (or could not be). */
  ready: boolean;
  /** Settings a run asks the training form to show ("Run again"); a new token each time. */
  restore: { settings: TrainingSettings; token: number } | null;
}

/** What the recorder reads of training. */
export interface RecorderSource {
  getStatus(): TrainingStatus;
  subscribe(listener: () => void): () => void;
  readonly history: RunHistory;
  datasetSource(): DatasetSource;
}

const newId = (now: number) => `${now.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

function testResult(test: TestEvaluation): RunTestResult {
  return { when: test.when, accuracy: test.accuracy, loss: test.loss, confusion: test.confusion.map((row) => [...row]), perClass: test.perClass.map((c) => (c.total > 0 ? c.accuracy : null)) };
}

/** How a run in `status` ended, or null while it goes on. `epoch`: its last finished one. */
export function outcomeOf(status: TrainingStatus, epoch: number): Exclude<RunOutcome, { kind: 'running' }> | null {
  const kind = status.message?.kind;
  if (kind === 'nan' && !isTrainingBusy(status.phase)) return { kind: 'nan', epoch };
  if (status.phase === 'done') return { kind: 'finished', epoch };
  if (status.phase === 'stopped') return { kind: 'stopped', epoch };
  if (status.phase === 'failed') return kind === 'context-lost' ? { kind: 'context-lost', epoch } : { kind: 'failed', epoch, message: (status.message?.text ?? 'the run failed').slice(0, 1000) };
  return null;
}

export class RunsService {
  private status: RunsStatus = { runs: [], currentId: null, bytes: 0, budget: RUNS_BUDGET_BYTES, message: null, ready: false, restore: null };
  private readonly listeners = new Set<() => void>();
  private record: RunRecord | null = null;
  /** What of the history the record has taken: the series' resets, the batches and markers seen. */
  private seen = { resets: -1, batches: 0, epochs: 0, markers: 0, test: null as TestEvaluation | null, run: null as TrainingStatus['run'] };
  /** Writes in order: a later save never lands before an earlier one. */
  private writes: Promise<unknown> = Promise.resolve();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: RunStore | null,
    private readonly source: RecorderSource,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = source.subscribe(() => this.follow());
    void this.reload();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getStatus = (): RunsStatus => this.status;

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  /** Renames a run; the message when the name is refused or the store fails, else null. */
  async rename(id: string, raw: string): Promise<string | null> {
    const name = tryParseRunName(raw);
    if (!name.ok) return name.error;
    if (this.record?.id === id) this.record = { ...this.record, name: name.value };
    return this.write(() => this.store?.rename(id, name.value));
  }

  /** Deletes runs; deleting the run in progress stops its recording. */
  async remove(ids: readonly string[]): Promise<void> {
    if (this.record && ids.includes(this.record.id)) this.forget();
    await this.write(() => this.store?.remove(ids));
  }

  async clear(): Promise<void> {
    this.forget();
    await this.write(() => this.store?.clear());
  }

  private forget(): void {
    this.record = null;
    this.publish({ currentId: null });
  }

  /**
   * A run's settings, checked as the form checks them for the dataset in use, and shown in the training
   * form (the caller trains with them); the message when they cannot be used here.
   */
  settingsFor(id: string): { ok: true; value: TrainingSettings } | { ok: false; error: string } {
    const run = this.status.runs.find((r) => r.id === id);
    if (!run) return { ok: false, error: 'that run is no longer stored' };
    const source = this.source.datasetSource();
    if (source.name !== run.dataset || source.rows !== run.imageShape.rows || source.cols !== run.imageShape.cols) {
      return { ok: false, error: `this run trained on ${run.dataset} (${run.imageShape.rows}x${run.imageShape.cols}); load that dataset first` };
    }
    return tryParseRunSettings(run.settings, run.imageShape);
  }

  /** Puts a run's settings in the training form; the message when they cannot be used here, else null. */
  restore(id: string): string | null {
    const settings = this.settingsFor(id);
    if (!settings.ok) {
      this.publish({ message: { kind: 'error', text: `Cannot run it again: ${settings.error}.` } });
      return settings.error;
    }
    this.publish({ restore: { settings: settings.value, token: (this.status.restore?.token ?? 0) + 1 }, message: null });
    return null;
  }

  csv(ids?: readonly string[]): string {
    return runsToCsv(this.pick(ids));
  }

  json(ids?: readonly string[]): string {
    return runsToJson(this.pick(ids), new Date(this.now()));
  }

  /** Reads a runs export and stores its runs (all or none); the message says what happened. */
  async importJson(text: string): Promise<void> {
    const parsed = tryParseRunsJson(text);
    if (!parsed.ok) return this.publish({ message: { kind: 'error', text: `Nothing imported: ${parsed.error}.` } });
    const runs = parsed.value;
    const failed = await this.write(() => this.store?.putAll(runs));
    if (!failed) this.publish({ message: { kind: 'info', text: `Imported ${runs.length} run${runs.length === 1 ? '' : 's'}.` } });
  }

  private pick(ids?: readonly string[]): RunRecord[] {
    return ids ? this.status.runs.filter((r) => ids.includes(r.id)) : this.status.runs;
  }

  /** Takes what changed in training since the last look. */
  private follow(): void {
    const status = this.source.getStatus();
    const { history } = this.source;
    // A run starts (or goes on: Train after its end, or after a lost context) when the status gets a new
    // run; a new one from scratch has cleared the history, a continued one has not.
    const started = isTrainingBusy(status.phase) && status.run !== null && status.run !== this.seen.run;
    if (started) {
      this.seen.run = status.run;
      if (!this.record || history.series.resets !== this.seen.resets) this.begin(status);
      else if (this.record.outcome.kind !== 'running') this.record = { ...this.record, outcome: { kind: 'running' } };
    }
    if (!this.record) return;
    let save = false;
    const step = (e: RunRecordEvent) => (this.record = reduceRunRecord(this.record!, e));
    const s = history.series;
    const rate = status.progress.examplesPerSecond;
    for (let i = this.seen.batches; i < s.length; i++) step({ type: 'batch', point: { examples: s.examples[i], epochs: s.epochs[i], timeMs: s.timeMs[i], loss: s.loss[i], accuracy: s.accuracy[i] }, examplesPerSecond: rate });
    this.seen.batches = s.length;
    for (const marker of history.lrChanges.slice(this.seen.markers)) step({ type: 'learningRate', marker });
    this.seen.markers = history.lrChanges.length;
    for (const point of history.epochs.slice(this.seen.epochs)) {
      step({ type: 'epoch', point });
      save = true;
    }
    this.seen.epochs = history.epochs.length;
    if (status.test && status.test !== this.seen.test) {
      this.seen.test = status.test;
      step({ type: 'test', result: testResult(status.test) });
      save = true;
    }
    const end = this.record!.outcome.kind === 'running' ? outcomeOf(status, history.epochs.at(-1)?.epoch ?? 0) : null;
    if (end) {
      step({ type: 'end', outcome: end });
      save = true;
    }
    if (save || started) this.save();
  }

  private begin(status: TrainingStatus): void {
    const run = status.run!;
    const source = this.source.datasetSource();
    const imageShape = { rows: source.rows, cols: source.cols };
    const plan = analyzeSpec(run.settings.model, imageShape);
    const startedAt = this.now();
    this.record = createRunRecord({ id: newId(startedAt), dataset: source.name.slice(0, 200), imageShape, settings: run.settings, params: plan.ok ? plan.value.totalParams : 0, backend: run.backend, startedAt });
    const h = this.source.history;
    // A run continued from a checkpoint keeps the curves so far: the record starts with them.
    this.seen = { resets: h.series.resets, batches: 0, epochs: 0, markers: 0, test: status.test, run: status.run };
    this.publish({ currentId: this.record.id });
  }

  private save(): void {
    const record = this.record;
    if (record) void this.write(() => this.store?.put(record));
  }

  /** Runs a store call after the ones before it, then re-reads the runs; the failure's message (also published), or null. */
  private write(call: () => Promise<{ ok: true } | { ok: false; error: string }> | undefined): Promise<string | null> {
    const next = this.writes.then(async () => {
      let failure: string | null = null;
      try {
        const r = await call();
        if (r && !r.ok) failure = r.error;
      } catch (e) {
        failure = errorMessage(e);
      }
      if (!this.store) failure = 'Runs are not kept in this browser (no storage).';
      await this.reload(failure);
      return failure;
    });
    this.writes = next;
    return next;
  }

  private async reload(failure: string | null = null): Promise<void> {
    const listed = this.store ? await this.store.list() : null;
    const stored = listed?.ok ? listed.value : this.status.runs.filter((r) => r.id !== this.record?.id);
    // The run in progress as it is now (its stored copy lags by up to an epoch).
    const current = this.record;
    const runs = current ? [current, ...stored.filter((r) => r.id !== current.id)].sort(newestFirst) : stored;
    const text = failure ?? (listed && !listed.ok ? listed.error : null);
    this.publish({ runs, bytes: storedBytes(runs), ready: true, ...(text ? { message: { kind: 'error' as const, text } } : {}) });
  }

  private publish(patch: Partial<RunsStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const l of this.listeners) l();
  }
}
