/** The runs table's columns (one table: the header, the cell text and the sort key of each) and its sorting. Pure. */
import { formatCount, formatMs, formatPercent } from '../../../lib/format';
import { bestTestAccuracy, describeOutcome, type RunRecord } from '../../../model/run-record';

export interface RunColumn {
  key: string;
  label: string;
  /** What the column sorts by; null sorts last either way. */
  sortValue: (r: RunRecord) => number | string | null;
  text: (r: RunRecord) => string;
  numeric: boolean;
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : formatPercent(x, 2));
const lastVal = (r: RunRecord) => r.epochs.at(-1)?.valAccuracy ?? null;
/** A run left 'running' by a page closed mid-run. */
const outcomeText = (r: RunRecord, currentId: string | null) => (r.outcome.kind === 'running' && r.id !== currentId ? 'interrupted (page closed)' : describeOutcome(r.outcome));

export function runColumns(currentId: string | null): RunColumn[] {
  return [
    { key: 'name', label: 'Run', sortValue: (r) => r.name.toLowerCase(), text: (r) => r.name, numeric: false },
    { key: 'model', label: 'Model', sortValue: (r) => r.settings.model, text: (r) => (r.settings.model.length > 24 ? `${r.settings.model.slice(0, 23)}…` : r.settings.model), numeric: false },
    { key: 'params', label: 'Params', sortValue: (r) => r.params, text: (r) => formatCount(r.params), numeric: true },
    { key: 'optimizer', label: 'Optimizer', sortValue: (r) => r.settings.optimizer, text: (r) => `${r.settings.optimizer} · ${r.settings.schedule}`, numeric: false },
    { key: 'lr', label: 'LR', sortValue: (r) => Number(r.settings.learningRate), text: (r) => r.settings.learningRate, numeric: true },
    { key: 'batch', label: 'Batch', sortValue: (r) => Number(r.settings.batchSize), text: (r) => r.settings.batchSize, numeric: true },
    { key: 'epochs', label: 'Epochs', sortValue: (r) => r.epochs.length, text: (r) => `${r.epochs.length}`, numeric: true },
    { key: 'seed', label: 'Seed', sortValue: (r) => Number(r.settings.seed), text: (r) => r.settings.seed, numeric: true },
    { key: 'val', label: 'Val acc', sortValue: lastVal, text: (r) => pct(lastVal(r)), numeric: true },
    { key: 'test', label: 'Test acc', sortValue: (r) => r.test?.accuracy ?? null, text: (r) => pct(r.test?.accuracy), numeric: true },
    { key: 'time', label: 'Time', sortValue: (r) => r.durationMs, text: (r) => formatMs(r.durationMs), numeric: true },
    { key: 'speed', label: 'ex/s', sortValue: (r) => r.examplesPerSecond, text: (r) => (r.examplesPerSecond === null ? '–' : formatCount(Math.round(r.examplesPerSecond))), numeric: true },
    { key: 'outcome', label: 'Outcome', sortValue: (r) => outcomeText(r, currentId), text: (r) => outcomeText(r, currentId), numeric: false },
    { key: 'started', label: 'Started', sortValue: (r) => r.startedAt, text: (r) => new Date(r.startedAt).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }), numeric: true },
  ];
}

export type SortDirection = 'ascending' | 'descending';

/** The runs sorted by `column` (ties by start time, newest first); a missing value sorts last in both directions. */
export function sortRuns(runs: readonly RunRecord[], column: RunColumn, direction: SortDirection): RunRecord[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...runs].sort((a, b) => {
    const x = column.sortValue(a);
    const y = column.sortValue(b);
    if (x === null || y === null) return x === y ? b.startedAt - a.startedAt : x === null ? 1 : -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return c !== 0 ? sign * c : b.startedAt - a.startedAt;
  });
}

/** The id of the run with the best test accuracy (its best evaluation), or null when none has one. */
export function bestRunId(runs: readonly RunRecord[]): string | null {
  let best: { id: string; acc: number } | null = null;
  for (const r of runs) {
    const acc = bestTestAccuracy(r);
    if (acc !== null && (!best || acc > best.acc)) best = { id: r.id, acc };
  }
  return best?.id ?? null;
}
