/**
 * The notebook's own cells: the lesson's expressions as editable code cells with prose between them,
 * run on the live tensors by the expression service; kept in localStorage, exported to and imported from .ipynb.
 * When the browser does not keep the edits (storage disabled or full), the notebook says so and offers the export.
 */
import { useCallback, useEffect, useReducer, useRef, useState, useSyncExternalStore, type ChangeEvent } from 'react';
import { useExprService } from '../hooks/useExprService';
import { useExprStatus } from '../hooks/useExprStatus';
import { cellsReducer, contentsOf, withIds, type CellAction, type CellType, type NotebookCell } from './cells';
import { IPYNB_FILE_NAME, serializeIpynb, tryParseIpynb } from './ipynb';
import { NotebookCellView, type RunState } from './NotebookCellView';
import { CellSaver, lessonCells, loadStoredCells, newCellId } from './storage';
import './expr.css';
import { downloadBlob } from '../download';

type Notice = { tone: 'info' | 'error'; text: string } | null;

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}

export function ExpressionNotebook() {
  const service = useExprService();
  const { ready, pending } = useExprStatus();
  const [saver] = useState(() => new CellSaver(loadStoredCells()));
  const [cells, dispatchCells] = useReducer(cellsReducer, saver, (s) => s.loadedCells);
  const [runs, setRuns] = useState<Record<string, RunState>>({});
  const [focusId, setFocusId] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const { unsaved, unreadable } = useSyncExternalStore(saver.subscribe, saver.getStatus);
  const cellsRef = useRef(cells);
  const fileRef = useRef<HTMLInputElement>(null);
  const autoRan = useRef(false);

  useEffect(() => {
    cellsRef.current = cells;
    saver.save(cells);
  }, [cells, saver]);

  const dispatch = useCallback((action: CellAction) => {
    dispatchCells(action);
    if (action.type === 'delete') setRuns((r) => withoutKey(r, action.id));
  }, []);

  const runCell = useCallback(
    async (cell: NotebookCell) => {
      if (cell.type !== 'code') return;
      // Like Jupyter, an empty cell runs to nothing and takes no execution count.
      if (cell.source.trim() === '') {
        setRuns((r) => withoutKey(r, cell.id));
        return;
      }
      setRuns((r) => ({ ...r, [cell.id]: { state: 'pending' } }));
      const run = await service.run(cell.source);
      setRuns((r) => (cell.id in r ? { ...r, [cell.id]: { state: 'done', run } } : r));
    },
    [service],
  );

  const runAll = useCallback(() => {
    for (const cell of cellsRef.current) void runCell(cell);
  }, [runCell]);

  useEffect(() => {
    if (!ready || autoRan.current) return;
    autoRan.current = true;
    runAll();
  }, [ready, runAll]);

  const onAdd = useCallback(
    (id: string, where: 'above' | 'below', type: CellType) => {
      const cell: NotebookCell = { id: newCellId(), type, source: '', collapsed: false };
      dispatch({ type: 'insert', id, where, cell });
      setFocusId(cell.id);
    },
    [dispatch],
  );

  const append = (type: CellType) => {
    const cell: NotebookCell = { id: newCellId(), type, source: '', collapsed: false };
    dispatch({ type: 'append', cell });
    setFocusId(cell.id);
  };

  /** Replaces every cell, starts the kernel afresh and runs the new cells. */
  const replaceAll = (next: NotebookCell[], text: string) => {
    cellsRef.current = next;
    dispatch({ type: 'replace', cells: next });
    setRuns({});
    setNotice({ tone: 'info', text });
    void service.restart();
    if (ready) runAll();
  };

  const exportIpynb = () => {
    downloadBlob(new Blob([serializeIpynb(contentsOf(cells))], { type: 'application/x-ipynb+json' }), IPYNB_FILE_NAME);
    setNotice({ tone: 'info', text: `Exported ${cells.length} cells as ${IPYNB_FILE_NAME}, with a first cell that loads MNIST with NumPy.` });
  };

  const importIpynb = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const parsed = tryParseIpynb(await file.text());
    if (!parsed.ok) {
      setNotice({ tone: 'error', text: `${file.name} was not imported: ${parsed.error}` });
      return;
    }
    if (parsed.value.length === 0) {
      setNotice({ tone: 'error', text: `${file.name} was not imported: it has no code or markdown cells.` });
      return;
    }
    replaceAll(withIds(parsed.value, newCellId), `Imported ${parsed.value.length} cells from ${file.name}.`);
  };

  return (
    <section className="cell expr-notebook" data-testid="expr" aria-labelledby="expr-title" data-ready={ready ? 'yes' : 'no'} data-pending={pending}>
      <header className="cell-header">
        <h2 id="expr-title">Your own cells</h2>
        <p className="cell-prose">A scratch notebook over the same tensors, in a small subset of Python and NumPy. Edits are kept in this browser.</p>
      </header>
      <div className="expr-toolbar" data-testid="expr.toolbar" role="toolbar" aria-label="notebook">
        <button type="button" data-testid="expr.run-all" onClick={runAll} disabled={!ready}>
          ▶▶ Run all
        </button>
        <button type="button" data-testid="expr.reset" onClick={() => replaceAll(lessonCells(), 'The notebook was reset to the lesson.')}>
          Reset to the lesson
        </button>
        <button type="button" data-testid="expr.export" onClick={exportIpynb}>
          Export .ipynb
        </button>
        <button type="button" data-testid="expr.import.button" onClick={() => fileRef.current?.click()}>
          Import .ipynb
        </button>
        <input ref={fileRef} type="file" accept=".ipynb,application/x-ipynb+json,application/json" hidden data-testid="expr.import" onChange={(e) => void importIpynb(e)} />
        <span className="expr-toolbar__status" data-testid="expr.status" role="status">
          {!ready ? 'waiting for the dataset…' : pending > 0 ? `running (${pending} queued)` : 'ready'}
        </span>
      </div>
      {notice && (
        <p className={`expr-notice expr-notice--${notice.tone}`} data-testid="expr.notice" data-tone={notice.tone} role={notice.tone === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      {unsaved !== null && (
        <p className="nb-note expr-unsaved" data-testid="expr.unsaved" role="alert">
          Your edits to these cells are not saved in this browser: {unsaved}. They will be lost on reload; export them to keep them as a file.{' '}
          <button type="button" data-testid="expr.unsaved.export" onClick={exportIpynb}>
            Export .ipynb
          </button>
        </p>
      )}
      {unreadable !== null && unsaved === null && (
        <p className="nb-note" data-testid="expr.unreadable">
          The notebook kept in this browser could not be read ({unreadable}), so the lesson is shown; your first edit replaces the stored one.
        </p>
      )}
      <div className="expr-cells">
        {cells.map((cell, k) => (
          <NotebookCellView key={cell.id} cell={cell} index={k} total={cells.length} run={runs[cell.id]} autoFocus={cell.id === focusId} dispatch={dispatch} onRun={runCell} onAdd={onAdd} />
        ))}
      </div>
      <div className="expr-toolbar">
        <button type="button" data-testid="expr.add-code" onClick={() => append('code')}>
          + code cell
        </button>
        <button type="button" data-testid="expr.add-markdown" onClick={() => append('markdown')}>
          + text cell
        </button>
      </div>
    </section>
  );
}
