/** One cell of the expression notebook: its toolbar, its editor (code) or rendered text (markdown), and its output. */
import { memo, useState, type KeyboardEvent } from 'react';
import type { CellAction, CellType, NotebookCell } from './cells';
import { CellOutput } from './CellOutput';
import type { CellRun } from './display';
import { Markdown } from './Markdown';

/** A code cell's run: waiting in the queue or running (In [*]), or done with its output. */
export type RunState = { state: 'pending' } | { state: 'done'; run: CellRun };

export interface NotebookCellViewProps {
  cell: NotebookCell;
  index: number;
  total: number;
  run: RunState | undefined;
  autoFocus: boolean;
  dispatch: (action: CellAction) => void;
  onRun: (cell: NotebookCell) => void;
  onAdd: (id: string, where: 'above' | 'below', type: CellType) => void;
}

/** Focuses the editor of the first following cell that has one (code cells, markdown cells being edited). */
function focusNextEditor(from: HTMLElement): void {
  for (let cell = from.closest('[data-testid="expr.cell"]')?.nextElementSibling; cell; cell = cell.nextElementSibling) {
    const editor = cell.querySelector('textarea');
    if (editor) {
      editor.focus();
      return;
    }
  }
}

/** Rows the editor shows: its lines, at least one. */
function rowsFor(source: string): number {
  return Math.max(1, source.split('\n').length);
}

export const NotebookCellView = memo(function NotebookCellView({ cell, index, total, run, autoFocus, dispatch, onRun, onAdd }: NotebookCellViewProps) {
  const [editing, setEditing] = useState(autoFocus || cell.source === '');
  const isCode = cell.type === 'code';
  const prompt = !isCode ? '' : run?.state === 'pending' ? 'In [*]:' : run?.state === 'done' ? `In [${run.run.count}]:` : 'In [ ]:';
  const state = run === undefined ? 'idle' : run.state === 'pending' ? 'running' : run.run.ok ? 'done' : 'error';

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key !== 'Enter' || !(e.shiftKey || e.ctrlKey || e.metaKey)) return;
    e.preventDefault();
    if (isCode) onRun(cell);
    else setEditing(false);
    // As in Jupyter, Shift+Enter moves on: to the next cell that has an editor.
    if (e.shiftKey) focusNextEditor(e.currentTarget);
  };

  const editor = (
    <textarea
      className="expr-editor"
      data-testid="expr.cell.editor"
      aria-label={isCode ? `code cell ${index + 1}` : `markdown cell ${index + 1}`}
      value={cell.source}
      rows={rowsFor(cell.source)}
      spellCheck={false}
      autoCapitalize="off"
      autoComplete="off"
      autoFocus={autoFocus}
      placeholder={isCode ? 'e.g. training_images[0].shape' : 'Markdown: ## a heading, **bold**, `code`, - a list, [a link](https://…), | a | table |'}
      onChange={(e) => dispatch({ type: 'edit', id: cell.id, source: e.target.value })}
      onKeyDown={onKeyDown}
    />
  );

  return (
    <div className={`expr-cell expr-cell--${cell.type}`} data-testid="expr.cell" data-type={cell.type} data-index={index} data-state={state} data-count={run?.state === 'done' ? run.run.count : ''}>
      <div className="expr-cell__tools" role="toolbar" aria-label={`cell ${index + 1}`}>
        {isCode ? (
          <button type="button" data-testid="expr.cell.run" onClick={() => onRun(cell)} title="Run (Shift+Enter)">
            ▶ Run
          </button>
        ) : (
          <button type="button" data-testid="expr.cell.edit" aria-pressed={editing} onClick={() => setEditing(!editing)} title="Edit the text (Shift+Enter renders it)">
            {editing ? 'Done' : 'Edit'}
          </button>
        )}
        <button type="button" data-testid="expr.cell.up" disabled={index === 0} onClick={() => dispatch({ type: 'move', id: cell.id, delta: -1 })} title="Move up" aria-label="Move up">
          ↑
        </button>
        <button type="button" data-testid="expr.cell.down" disabled={index === total - 1} onClick={() => dispatch({ type: 'move', id: cell.id, delta: 1 })} title="Move down" aria-label="Move down">
          ↓
        </button>
        <button type="button" data-testid="expr.cell.add-above" onClick={() => onAdd(cell.id, 'above', 'code')} title="Add a code cell above">
          + above
        </button>
        <button type="button" data-testid="expr.cell.add-below" onClick={() => onAdd(cell.id, 'below', 'code')} title="Add a code cell below">
          + below
        </button>
        <button type="button" data-testid="expr.cell.add-markdown" onClick={() => onAdd(cell.id, 'below', 'markdown')} title="Add a markdown cell below">
          + text
        </button>
        {isCode && (
          <button type="button" data-testid="expr.cell.collapse" aria-pressed={cell.collapsed} onClick={() => dispatch({ type: 'toggle-collapse', id: cell.id })} title={cell.collapsed ? 'Show the output' : 'Hide the output'}>
            {cell.collapsed ? 'Show output' : 'Hide output'}
          </button>
        )}
        <button type="button" data-testid="expr.cell.delete" onClick={() => dispatch({ type: 'delete', id: cell.id })} title="Delete the cell" aria-label="Delete the cell">
          ✕
        </button>
      </div>
      {isCode ? (
        <>
          <div className="expr-row expr-input">
            <span className="expr-prompt" data-testid="expr.cell.prompt">
              {prompt}
            </span>
            {editor}
          </div>
          {run?.state === 'done' && run.run.parts.length > 0 &&
            (cell.collapsed ? (
              <div className="expr-row">
                <span className="expr-prompt" />
                <button type="button" className="expr-collapsed" data-testid="expr.cell.expand" onClick={() => dispatch({ type: 'toggle-collapse', id: cell.id })}>
                  output hidden: show
                </button>
              </div>
            ) : (
              <CellOutput run={run.run} />
            ))}
        </>
      ) : (
        <div className="expr-row">
          <span className="expr-prompt" />
          {editing ? (
            editor
          ) : (
            <div className="expr-markdown-view" onDoubleClick={() => setEditing(true)}>
              {cell.source.trim() ? <Markdown source={cell.source} testId="expr.cell.markdown" /> : <p className="nb-note">An empty text cell: double-click or Edit to write in it.</p>}
            </div>
          )}
        </div>
      )}
    </div>
  );
});
