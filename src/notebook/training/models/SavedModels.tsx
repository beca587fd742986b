/** The "Saved models" panel: save the current model (browser or download), the saved list (load, rename, delete), loading model files, and the browser's storage. */
import { useRef, useState, type DragEvent } from 'react';
import { formatBytes, formatCount, formatPercent } from '../../../lib/format';
import type { SavedModelEntry } from '../../../model/model-store';
import { useTrainingSelector } from '../../hooks/useTrainingSelector';
import { describeStorage, type StorageInfo } from '../../services/browser-storage';
import type { LibraryStatus } from '../../services/model-library';
import { isTrainingBusy, isWeightsChanging, type TrainingStatus } from '../../services/training-types';
import { useLibrarySelector, useModelLibrary } from './useModelLibrary';
import './models.css';

const selectEntries = (s: LibraryStatus) => s.entries;
const selectBusy = (s: LibraryStatus) => s.busy;
const selectNotice = (s: LibraryStatus) => s.notice;
const selectConfirm = (s: LibraryStatus) => s.confirmReplace;
const selectStorage = (s: LibraryStatus) => s.storage;
const selectPhase = (s: TrainingStatus) => s.phase;
const selectLoaded = (s: TrainingStatus) => s.loadedModel;
const selectHasRun = (s: TrainingStatus) => s.run !== null;

/** "25 Nov 2026, 19:20" in the reader's locale. */
function formatDate(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function SavedModels() {
  const library = useModelLibrary();
  const entries = useLibrarySelector(selectEntries);
  const busy = useLibrarySelector(selectBusy);
  const notice = useLibrarySelector(selectNotice);
  const confirm = useLibrarySelector(selectConfirm);
  const storage = useLibrarySelector(selectStorage);
  const phase = useTrainingSelector(selectPhase);
  const loaded = useTrainingSelector(selectLoaded);
  const hasRun = useTrainingSelector(selectHasRun);
  const [name, setName] = useState('');
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  if (!library) return null;

  // As the services decide: a paused model can be saved, but no model loads until the run has ended.
  const changing = isWeightsChanging(phase);
  const loadBlocked = isTrainingBusy(phase);
  const hasModel = (hasRun && phase !== 'idle') || loaded !== null;
  const saveHint = changing ? 'Pause or stop training first.' : !hasModel ? 'Train a model or load one first.' : null;
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void library.loadFiles(Array.from(e.dataTransfer.files));
  };

  return (
    <section className="models-panel" data-testid="models" aria-labelledby="models-title" data-busy={busy ? 'yes' : 'no'}>
      <h3 id="models-title">Saved models</h3>
      {loaded && (
        <p className="models-current" data-testid="models.current" data-trainable={loaded.info.spec ? 'yes' : 'no'}>
          Current model: <strong>{loaded.name}</strong> (loaded) · {loaded.info.layers.join(' → ')} · {formatCount(loaded.info.params)} parameters ·{' '}
          {loaded.info.spec ? 'Train trains on from its weights' : <span title={loaded.info.specProblem ?? ''}>evaluation-only</span>}
        </p>
      )}
      <form
        className="models-save"
        onSubmit={(e) => {
          e.preventDefault();
          void library.save(name);
        }}
      >
        <label>
          name <input data-testid="models.save.name" value={name} maxLength={80} placeholder="my-dense-model" onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="primary" data-testid="models.save" disabled={saveHint !== null || busy !== null} title={saveHint ?? 'Keeps the current model in this browser (IndexedDB).'}>
          Save in browser
        </button>
        <button type="button" data-testid="models.download" disabled={saveHint !== null || busy !== null} title={saveHint ?? 'Downloads model.json and its weights (TensorFlow.js Layers format).'} onClick={() => void library.download(name)}>
          Download
        </button>
        <span
          className={`models-drop${dragging ? ' dragging' : ''}`}
          data-testid="models.drop"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <button type="button" data-testid="models.files.button" disabled={busy !== null || loadBlocked} title={loadBlocked ? 'Stop training first.' : 'Choose model.json and its weights file(s).'} onClick={() => fileInput.current?.click()}>
            Load files…
          </button>{' '}
          or drop model.json + weights here
          <input
            ref={fileInput}
            type="file"
            multiple
            accept=".json,.bin,application/json,application/octet-stream"
            hidden
            data-testid="models.files"
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = '';
              void library.loadFiles(files);
            }}
          />
        </span>
      </form>
      {confirm && (
        <p className="models-confirm" role="alertdialog" data-testid="models.replace">
          A model named <strong>{confirm}</strong> is already saved. Replace it?{' '}
          <button type="button" data-testid="models.replace.confirm" onClick={() => void library.save(confirm, true)}>
            Replace
          </button>{' '}
          <button type="button" data-testid="models.replace.cancel" onClick={() => library.cancelReplace()}>
            Keep the saved one
          </button>
        </p>
      )}
      {busy && (
        <p className="muted" role="status" data-testid="models.busy">
          {busy}
        </p>
      )}
      {notice && (
        <p className={notice.tone === 'error' ? 'error' : 'notice'} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="models.notice" data-tone={notice.tone}>
          {notice.text}
        </p>
      )}
      {notice?.download !== undefined && (
        <p className="models-offer">
          <button type="button" className="primary" data-testid="models.notice.download" disabled={saveHint !== null || busy !== null} onClick={() => void library.download(notice.download ?? '')}>
            Download '{notice.download}' instead
          </button>
        </p>
      )}
      <ModelList entries={entries} disabled={busy !== null || changing} loadBlocked={loadBlocked} />
      {storage && <StorageLine info={storage} />}
    </section>
  );
}

/** Space used and available, and whether the browser keeps it. */
function StorageLine({ info }: { info: StorageInfo }) {
  const text = describeStorage(info);
  return (
    <p className="models-storage muted" data-testid="models.storage" data-use={info.use.state} data-persistence={info.persistence}>
      Storage: <span data-testid="models.storage.use">{text.use}</span>; <span data-testid="models.storage.persistence">{text.persistence}</span>.
    </p>
  );
}

/** `disabled`: no action on the list; `loadBlocked`: rename and delete still work, Load does not. */
function ModelList({ entries, disabled, loadBlocked }: { entries: SavedModelEntry[] | null; disabled: boolean; loadBlocked: boolean }) {
  if (entries === null) return <p className="muted">reading the saved models…</p>;
  if (entries.length === 0)
    return (
      <p className="muted" data-testid="models.empty">
        No model saved in this browser yet.
      </p>
    );
  return (
    <table className="models-list" data-testid="models.list" data-count={entries.length}>
      <thead>
        <tr>
          <th>name</th>
          <th>saved</th>
          <th>architecture</th>
          <th className="num">parameters</th>
          <th className="num">test accuracy</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <ModelRow key={e.name} entry={e} disabled={disabled} loadBlocked={loadBlocked} />
        ))}
      </tbody>
    </table>
  );
}

function ModelRow({ entry, disabled, loadBlocked }: { entry: SavedModelEntry; disabled: boolean; loadBlocked: boolean }) {
  const library = useModelLibrary();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  if (!library) return null;
  const m = entry.metadata;
  return (
    <tr data-testid="models.item" data-name={entry.name} data-accuracy={m.testAccuracy ?? ''}>
      <td className="models-name">
        {renaming === null ? (
          <span data-testid="models.item.name">{entry.name}</span>
        ) : (
          <form
            onSubmit={(ev) => {
              ev.preventDefault();
              void library.rename(entry.name, renaming).then((done) => done && setRenaming(null));
            }}
          >
            <input data-testid="models.item.rename.input" value={renaming} aria-label={`new name for ${entry.name}`} autoFocus onChange={(ev) => setRenaming(ev.target.value)} />
            <button type="submit" data-testid="models.item.rename.save">
              OK
            </button>
            <button type="button" onClick={() => setRenaming(null)}>
              Cancel
            </button>
          </form>
        )}
      </td>
      <td className="muted">{formatDate(entry.savedAt)}</td>
      <td title={entry.layers.join(' → ')}>
        <span className="models-arch">{m.architecture}</span> <span className="muted">{entry.layers.join(' → ')}</span>
      </td>
      <td className="num">{formatCount(m.params)}</td>
      <td className="num" data-testid="models.item.accuracy">
        {m.testAccuracy === null ? '—' : formatPercent(m.testAccuracy, 2)}
        {m.epochs !== null && <span className="muted"> · {m.epochs} ep</span>}
      </td>
      <td className="models-actions">
        <button type="button" data-testid="models.item.load" disabled={disabled || loadBlocked} title={loadBlocked ? 'Stop training first.' : `Loads it as the current model (${formatBytes(entry.bytes)}).`} onClick={() => void library.load(entry.name)}>
          Load
        </button>
        <button type="button" data-testid="models.item.rename" disabled={disabled || renaming !== null} onClick={() => setRenaming(entry.name)}>
          Rename
        </button>
        {deleting ? (
          <>
            <button type="button" className="danger" data-testid="models.item.delete.confirm" onClick={() => void library.remove(entry.name)}>
              Delete for good
            </button>
            <button type="button" onClick={() => setDeleting(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" data-testid="models.item.delete" disabled={disabled} onClick={() => setDeleting(true)}>
            Delete
          </button>
        )}
      </td>
    </tr>
  );
}
