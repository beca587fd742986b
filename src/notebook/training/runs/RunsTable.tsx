/**
 * The "Runs" panel of the training cell: every recorded run in a table sortable by any column, the best
 * test accuracy marked; select runs to export or delete; rename in place; the runs as CSV or JSON, and a
 * JSON export imported back; the storage the runs take.
 */
import { lazy, Suspense, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { formatBytes } from '../../../lib/format';
import { downloadBlob } from '../../download';
import { useTrainingService } from '../../hooks/useTrainingService';
import { useTrainingSelector } from '../../hooks/useTrainingSelector';
import type { RunsStatus } from '../../services/run-recorder';
import { isTrainingBusy, type TrainingStatus } from '../../services/training-types';
import { mergeSettingsQuery } from '../../state/url-state';
import { bestRunId, runColumns, sortRuns, type SortDirection } from './runs-table';
import { useRunsSelector, useRunsService } from './useRuns';
import './runs.css';

// Recharts loads with the first comparison, not with the page.
const RunsCompare = lazy(() => import('./RunsCompare'));

const selectRuns = (s: RunsStatus) => s.runs;
const selectCurrent = (s: RunsStatus) => s.currentId;
const selectBytes = (s: RunsStatus) => s.bytes;
const selectBudget = (s: RunsStatus) => s.budget;
const selectMessage = (s: RunsStatus) => s.message;
const selectReady = (s: RunsStatus) => s.ready;
const selectBusy = (s: TrainingStatus) => isTrainingBusy(s.phase);

const download = (text: string, type: string, name: string) => downloadBlob(new Blob([text], { type }), name);

export function RunsTable() {
  const service = useRunsService();
  const training = useTrainingService();
  const busy = useTrainingSelector(selectBusy);
  const runs = useRunsSelector(selectRuns);
  const currentId = useRunsSelector(selectCurrent);
  const bytes = useRunsSelector(selectBytes);
  const budget = useRunsSelector(selectBudget);
  const message = useRunsSelector(selectMessage);
  const ready = useRunsSelector(selectReady);
  const [sort, setSort] = useState<{ key: string; direction: SortDirection }>({ key: 'started', direction: 'descending' });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState<{ id: string; text: string; error: string | null } | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const columns = useMemo(() => runColumns(currentId), [currentId]);
  const column = columns.find((c) => c.key === sort.key) ?? columns[0];
  const sorted = useMemo(() => sortRuns(runs, column, sort.direction), [runs, column, sort.direction]);
  const best = useMemo(() => bestRunId(runs), [runs]);
  if (!service) return null;

  // Runs deleted meanwhile (another tab, delete all) drop out of the selection.
  const chosenRuns = [...selected].map((id) => runs.find((r) => r.id === id)).filter((r): r is (typeof runs)[number] => r !== undefined);
  const chosen = chosenRuns.map((r) => r.id);
  const toggle = (id: string) => setSelected((prev) => {
    const next = new Set(prev);
    if (!next.delete(id)) next.add(id);
    return next;
  });
  const sortBy = (key: string) => setSort((prev) => ({ key, direction: prev.key === key && prev.direction === 'descending' ? 'ascending' : 'descending' }));
  const commitRename = async () => {
    if (!editing) return;
    const error = await service.rename(editing.id, editing.text);
    setEditing(error ? { ...editing, error } : null);
  };
  const onImport = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) await service.importJson(await file.text());
  };
  const scope = chosen.length > 0 ? chosen : undefined;
  /** A new model with the run's settings, from scratch (the same seed gives the same curves on the same backend). */
  const runAgain = async (id: string) => {
    if (service.restore(id)) return;
    const settings = service.settingsFor(id);
    if (!settings.ok) return;
    await training.reset();
    await training.train(settings.value);
  };
  const linkTo = (id: string) => {
    const settings = service.settingsFor(id);
    return settings.ok ? `${window.location.pathname}${mergeSettingsQuery(window.location.search, settings.value)}` : undefined;
  };

  return (
    <section className="runs-panel" data-testid="runs" aria-labelledby="runs-title">
      <h3 id="runs-title">Runs</h3>
      <p className="runs-lead">
        Every run is kept in this browser: its settings, curves and results.{' '}
        <span data-testid="runs.storage">
          {runs.length} run{runs.length === 1 ? '' : 's'}, {formatBytes(bytes)} of {formatBytes(budget)}
        </span>
        {chosen.length > 0 && <span data-testid="runs.selected-count"> · {chosen.length} selected</span>}
      </p>
      <div className="runs-actions">
        <button type="button" data-testid="runs.export-csv" disabled={runs.length === 0} onClick={() => download(service.csv(scope), 'text/csv', 'mnist-runs.csv')}>
          Export CSV{scope ? ' (selected)' : ''}
        </button>
        <button type="button" data-testid="runs.export-json" disabled={runs.length === 0} onClick={() => download(service.json(scope), 'application/json', 'mnist-runs.json')}>
          Export JSON{scope ? ' (selected)' : ''}
        </button>
        <button type="button" data-testid="runs.import" onClick={() => fileInput.current?.click()}>
          Import JSON…
        </button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden data-testid="runs.import-file" onChange={(e) => void onImport(e)} />
        <button type="button" data-testid="runs.delete" disabled={chosen.length === 0} onClick={() => void service.remove(chosen).then(() => setSelected(new Set()))}>
          Delete selected
        </button>
        {confirmAll ? (
          <span className="runs-confirm" role="group" aria-label="Delete every run?">
            Delete all {runs.length} runs?{' '}
            <button type="button" data-testid="runs.delete-all.confirm" onClick={() => void service.clear().then(() => setConfirmAll(false))}>
              Delete all
            </button>{' '}
            <button type="button" onClick={() => setConfirmAll(false)}>
              Keep them
            </button>
          </span>
        ) : (
          <button type="button" data-testid="runs.delete-all" disabled={runs.length === 0} onClick={() => setConfirmAll(true)}>
            Delete all…
          </button>
        )}
      </div>
      {message && (
        <p className={message.kind === 'error' ? 'runs-message error' : 'runs-message'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="runs.message">
          {message.text}
        </p>
      )}
      {!ready ? (
        <p className="runs-empty">Reading the runs…</p>
      ) : runs.length === 0 ? (
        <p className="runs-empty" data-testid="runs.empty">
          No runs yet: press Train, and each run appears here to compare with the next.
        </p>
      ) : (
        <div className="runs-scroll">
          <table className="runs-table" data-testid="runs.table">
            <thead>
              <tr>
                <th scope="col">
                  <span className="runs-hidden">Select</span>
                </th>
                <th scope="col">
                  <span className="runs-hidden">Actions</span>
                </th>
                {columns.map((c) => (
                  <th key={c.key} scope="col" aria-sort={c.key === sort.key ? sort.direction : 'none'} className={c.numeric ? 'num' : undefined}>
                    <button type="button" className="runs-sort" data-testid={`runs.sort.${c.key}`} onClick={() => sortBy(c.key)}>
                      {c.label}
                      <span aria-hidden="true">{c.key === sort.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <tr key={r.id} data-testid="runs.row" data-id={r.id} data-best={r.id === best ? 'yes' : 'no'} className={[r.id === best ? 'best' : '', r.id === currentId ? 'current' : ''].join(' ').trim() || undefined}>
                  <td>
                    <input type="checkbox" aria-label={`Select ${r.name}`} data-testid="runs.select" checked={selected.has(r.id)} onChange={() => toggle(r.id)} />
                  </td>
                  <td className="runs-row-actions">
                    <button type="button" data-testid="runs.again" disabled={busy} title={busy ? 'Stop the run in progress first.' : 'Puts these settings in the form and trains a new model with them'} onClick={() => void runAgain(r.id)}>
                      Run again
                    </button>{' '}
                    <a href={linkTo(r.id)} data-testid="runs.link" title="A link to the notebook with these settings">
                      link
                    </a>
                  </td>
                  {columns.map((c) =>
                    c.key === 'name' ? (
                      <td key={c.key} className="runs-name" data-col="name">
                        {editing?.id === r.id ? (
                          <form
                            onSubmit={(e) => {
                              e.preventDefault();
                              void commitRename();
                            }}
                          >
                            <input aria-label="Run name" data-testid="runs.rename-input" value={editing.text} aria-invalid={editing.error ? 'true' : undefined} autoFocus onChange={(e) => setEditing({ ...editing, text: e.target.value, error: null })} onKeyDown={(e) => e.key === 'Escape' && setEditing(null)} />
                            {editing.error && (
                              <span className="field-error" role="alert">
                                {editing.error}
                              </span>
                            )}
                          </form>
                        ) : (
                          <>
                            <span data-testid="runs.name">{r.name}</span>
                            {r.id === best && <span className="runs-best" title="The best test accuracy of these runs"> best</span>}{' '}
                            <button type="button" className="runs-rename" data-testid="runs.rename" aria-label={`Rename ${r.name}`} onClick={() => setEditing({ id: r.id, text: r.name, error: null })}>
                              ✎
                            </button>
                          </>
                        )}
                      </td>
                    ) : (
                      <td key={c.key} className={c.numeric ? 'num' : undefined} data-col={c.key} title={c.key === 'model' ? r.settings.model : undefined}>
                        {c.text(r)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {chosenRuns.length > 0 && (
        <Suspense fallback={<p className="runs-empty">loading the charts…</p>}>
          <RunsCompare runs={chosenRuns} />
        </Suspense>
      )}
    </section>
  );
}
