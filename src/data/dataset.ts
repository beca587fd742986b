/** The dataset as the rest of the app uses it: load, read plain arrays, dispose. Entry point of src/data in the browser. */
import { type SplitName } from './format';
import { chooseBackend, memorySnapshot, onContextLost, setTexturePoolLimit, withUnpackedTextures, type BackendChoice } from './backend';
import { DATA_FIX } from './fetch';
import type { Downloads, LoadEvent } from './downloads';
import { uploadMnist } from './load-mnist';
import type { Result } from '../lib/result';
import { MnistStore } from './mnist-store';
import { classMeanImages, valueRange } from './tensors';
import type { DatasetTensors, LoadedDataset, MemoryFigures, TensorFacts } from './dataset-api';

export { NotLoadedError } from './mnist-store';
export type { LoadEvent } from './downloads';

export type DatasetEvent = LoadEvent | { type: 'backend'; choice: BackendChoice } | { type: 'context-lost' };

export type { DatasetTensors, LoadedDataset, MemoryFigures, TensorFacts } from './dataset-api';

/** A loaded (or loading) MNIST; owns its tensors until dispose(). */
export class MnistDataset implements LoadedDataset {
  private readonly store = new MnistStore();
  private readonly abort = new AbortController();
  private readonly means = new Map<SplitName, Promise<Float32Array>>();
  private stopWatchingContext: () => void = () => {};
  backend: BackendChoice | null = null;

  /**
   * Chooses a backend (while `downloads` are in flight), then uploads and verifies everything,
   * reporting through onEvent; resolves when done or failed.
   */
  async load(downloads: Promise<Result<Downloads>>, onEvent: (e: DatasetEvent) => void, preferred: 'webgl' | 'cpu' = 'webgl'): Promise<void> {
    this.backend = await chooseBackend(preferred);
    if (this.abort.signal.aborted) return;
    onEvent({ type: 'backend', choice: this.backend });
    this.stopWatchingContext = onContextLost(() => onEvent({ type: 'context-lost' }));
    const ready = await downloads;
    if (!ready.ok) return onEvent({ type: 'error', message: ready.error, fix: DATA_FIX });
    setTexturePoolLimit(0);
    await withUnpackedTextures(() => uploadMnist({ downloads: ready.value, store: this.store, onEvent, signal: this.abort.signal }));
    if (this.abort.signal.aborted) return;
    // Keep up to 256 MiB of freed textures pooled from now on, for later work (training) to reuse.
    setTexturePoolLimit(this.store.datasetBytes() + 256 * 1024 * 1024);
  }

  readImages(split: SplitName, start: number, end: number): Promise<Uint8Array> {
    return this.store.readImages(split, start, end);
  }

  loaded(split: SplitName): number {
    return this.store.loadedPrefix(split);
  }

  /** Shape, dtype and range of a split's image and label tensors, or null until the split is joined. */
  async facts(split: SplitName): Promise<{ images: TensorFacts; labels: TensorFacts } | null> {
    const images = this.store.images(split);
    const labels = this.store.labels(split);
    if (!images || !labels) return null;
    const [ri, rl] = await Promise.all([valueRange(images), valueRange(labels)]);
    const describe = (t: typeof images | typeof labels, r: { min: number; max: number }): TensorFacts => ({ shape: [...t.shape], dtype: t.dtype, size: t.size, bytes: t.size * 4, ...r });
    return { images: describe(images, ri), labels: describe(labels, rl) };
  }

  /**
   * Both splits' joined tensors, borrowed (the dataset keeps owning them; never dispose them), or null
   * until both are loaded: images [n, 28, 28] int32 0..255, labels [n] int32 0..9.
   */
  tensors(): DatasetTensors | null {
    const trainImages = this.store.images('train');
    const trainLabels = this.store.labels('train');
    const testImages = this.store.images('test');
    const testLabels = this.store.labels('test');
    if (!trainImages || !trainLabels || !testImages || !testLabels) return null;
    return { trainImages, trainLabels, testImages, testLabels };
  }

  /** Mean image per digit (10*784 floats), computed once per split on the device. */
  classMeans(split: SplitName): Promise<Float32Array> {
    const cached = this.means.get(split);
    if (cached) return cached;
    const images = this.store.images(split);
    const labels = this.store.labels(split);
    if (!images || !labels) return Promise.reject(new Error(`${split} is not loaded yet`));
    const p = classMeanImages(images, labels);
    this.means.set(split, p);
    p.catch(() => this.means.delete(split));
    return p;
  }

  memory(): MemoryFigures {
    return { ...memorySnapshot(), datasetBytes: this.store.datasetBytes() };
  }

  dispose(): void {
    this.abort.abort();
    this.stopWatchingContext();
    this.store.dispose();
  }
}
