/** "Your own dataset": drop or choose IDX files (raw or .gz), optional label names, Load; messages name the file. */
import { useState, type DragEvent } from 'react';
import { FASHION_MNIST_CLASS_NAMES, tryParseClassNames } from '../../data/custom-idx';
import { asSentence, formatBytes } from '../../lib/format';
import { useDatasetSelector } from '../hooks/useDatasetSelector';
import { useDatasetService } from '../hooks/useDatasetService';
import { FieldError } from './Cell';
import './custom-dataset.css';

/** The area in the dataset cell; the service checks everything before anything is swapped. */
export function CustomDatasetPanel() {
  const service = useDatasetService();
  const upload = useDatasetSelector((s) => s.upload);
  const [files, setFiles] = useState<File[]>([]);
  const [namesText, setNamesText] = useState('');
  const [dragging, setDragging] = useState(false);
  const names = tryParseClassNames(namesText);
  const busy = upload.state === 'checking' || upload.state === 'loading';

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length > 0) setFiles(Array.from(e.dataTransfer.files));
  };
  const load = () => {
    if (!names.ok || files.length === 0) return;
    void service.loadCustom(files, names.value);
  };

  return (
    <details className="custom-dataset" data-testid="cell.dataset.custom" open={files.length > 0 || upload.state !== 'idle' || undefined}>
      <summary>Your own dataset: load IDX files (e.g. Fashion-MNIST, KMNIST, EMNIST digits)</summary>
      <p className="muted">
        Four IDX files, raw or gzipped (<code>.gz</code>): an images and a labels file for each split, named with <code>train</code> and <code>t10k</code> or <code>test</code> as in{' '}
        <code>train-images-idx3-ubyte.gz</code>. Images of any size from 4x4 to 256x256, labels 0..9. They are checked with the same parser as MNIST's; the dataset in use stays until they pass.
      </p>
      <div
        className={dragging ? 'custom-dataset__drop custom-dataset__drop--over' : 'custom-dataset__drop'}
        data-testid="cell.dataset.custom.drop"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <span>Drop the files here, or</span>
        <label className="custom-dataset__choose">
          choose files…
          <input data-testid="cell.dataset.custom.input" type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
        </label>
        {files.length > 0 && (
          <ul className="custom-dataset__files" data-testid="cell.dataset.custom.files">
            {files.map((f) => (
              <li key={`${f.name}-${f.size}`}>
                <code>{f.name}</code> <span className="muted">{formatBytes(f.size)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="custom-dataset__names">
        <label htmlFor="custom-dataset-names">Label names (optional: ten names, comma- or newline-separated)</label>
        <textarea
          id="custom-dataset-names"
          data-testid="cell.dataset.custom.names"
          rows={2}
          value={namesText}
          placeholder="e.g. T-shirt/top, Trouser, Pullover, …"
          onChange={(e) => setNamesText(e.target.value)}
          aria-invalid={!names.ok || undefined}
        />
        <button type="button" data-testid="cell.dataset.custom.fashion" onClick={() => setNamesText(FASHION_MNIST_CLASS_NAMES.join(', '))}>
          Fashion-MNIST names
        </button>
        <FieldError testId="cell.dataset.custom.names.error" message={names.ok ? null : names.error} />
      </div>
      <div className="custom-dataset__actions">
        <button type="button" data-testid="cell.dataset.custom.load" disabled={files.length === 0 || !names.ok || busy} onClick={load} title={files.length === 0 ? 'Choose the IDX files first' : undefined}>
          {busy ? 'Loading…' : 'Load'}
        </button>
        {upload.message && (
          <p className={`custom-dataset__message custom-dataset__message--${upload.state}`} data-testid="cell.dataset.custom.message" data-state={upload.state} role={upload.state === 'error' ? 'alert' : 'status'}>
            {upload.state === 'error' ? <strong>Not loaded: </strong> : null}
            {upload.state === 'error' ? asSentence(upload.message) : upload.message}
            {upload.state === 'error' ? ' The dataset in use is unchanged.' : null}
          </p>
        )}
      </div>
    </details>
  );
}
