/** The dataset as the rest of the app uses it: load, read plain arrays, dispose. Entry point of src/data in the browser. */
import { type SplitName } from './format';
import { chooseBackend, onContextLost, setTexturePoolLimit, withUnpackedTextures, type BackendChoice } from './backend';
import { DATA_FIX } from './fetch';
import type { Downloads, LoadEvent } from './downloads';
import { uploadMnist } from './load-mnist';
import type { Result } from '../lib/result';
import { MnistStore } from './mnist-store';
import { TensorDataset, type SplitTensors } from './tensor-dataset';

export { NotLoadedError } from './mnist-store';
export type { LoadEvent } from './downloads';

export type DatasetEvent = LoadEvent | { type: 'backend'; choice: BackendChoice } | { type: 'context-lost' };

export type { DatasetTensors, LoadedDataset, MemoryFigures, TensorFacts } from './dataset-api';

/** A loaded (or loading) MNIST; owns its tensors until dispose(). */
export class MnistDataset extends TensorDataset {
  private readonly store = new MnistStore();
  private readonly abort = new AbortController();
  private stopWatchingContext: () => void = () => {};

  /**
   * Chooses a backend (while `downloads` are in flight), then uploads and verifies everything,
   * reporting through onEvent; resolves when done or failed.
   */
  async load(downloads: Promise<Result<Downloads>>, onEvent: (e: DatasetEvent) => void, preferred: 'webgl' | 'cpu' = 'webgl'): Promise<void> {
    performance.mark('mnist:tensors-module');
    this.backend = await chooseBackend(preferred);
    performance.mark('mnist:backend-ready');
    if (this.abort.signal.aborted) return;
    onEvent({ type: 'backend', choice: this.backend });
    this.stopWatchingContext = onContextLost(() => onEvent({ type: 'context-lost' }));
    const ready = await downloads;
    if (!ready.ok) return onEvent({ type: 'error', message: ready.error, fix: DATA_FIX });
    setTexturePoolLimit(0);
    await withUnpackedTextures(() => uploadMnist({ downloads: ready.value, store: this.store, onEvent, signal: this.abort.signal }));
    if (this.abort.signal.aborted) return;
    // Keep up to 256 MiB of freed textures pooled from now on, for later work (training) to reuse.
    setTexturePoolLimit(this.datasetBytes() + 256 * 1024 * 1024);
  }

  readImages(split: SplitName, start: number, end: number): Promise<Uint8Array> {
    return this.store.readImages(split, start, end);
  }

  loaded(split: SplitName): number {
    return this.store.loadedPrefix(split);
  }

  /** A split's joined tensors (images [n, 28, 28] int32 0..255, labels [n] int32 0..9), or null until joined. */
  protected splitTensors(split: SplitName): SplitTensors | null {
    const images = this.store.images(split);
    const labels = this.store.labels(split);
    return images && labels ? { images, labels } : null;
  }

  protected splitBytes(split: SplitName): Uint8Array | null {
    return this.store.imageBytes(split);
  }

  protected unavailable(split: SplitName): Error {
    return new Error(`${split} is not loaded yet`);
  }

  datasetBytes(): number {
    return this.store.datasetBytes();
  }

  dispose(): void {
    this.abort.abort();
    this.stopWatchingContext();
    this.store.dispose();
  }
}
