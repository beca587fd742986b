/**
 * The notebook's only door to the dataset's tensors: starts the load, turns load events into a
 * DatasetStatus snapshot (at most one update per animation frame), and answers reads with plain arrays.
 */
import type { DatasetEvent, MnistDataset } from '../../data/dataset';
import type { CustomDataset } from '../../data/custom-dataset';
import type { DatasetTensors, LoadedDataset, MemoryFigures } from '../../data/dataset-api';
import { tryLoadIdxFiles, tryReadFiles, type FileLike } from '../../data/custom-idx';
import { startDownloads } from '../../data/downloads';
import { DATA_URL_PATH, firstU32Base64, IMAGE_PIXELS, NUM_CLASSES, SPLITS, type Manifest, type SplitName } from '../../data/format';
import { errorMessage, formatCount } from '../../lib/format';
import type { GreyLevels } from '../../data/grey-levels';
import { FramePublisher } from './frame-publisher';
import { MNIST_SOURCE, NO_UPLOAD, type DatasetReader, type DatasetStatus, type TensorSummary } from './types';

const INITIAL: DatasetStatus = {
  source: MNIST_SOURCE,
  phase: 'starting',
  backend: null,
  backendNotice: null,
  progress: { loadedImages: 0, totalImages: 0, loadedBytes: 0, totalBytes: 0 },
  loaded: { train: 0, test: 0 },
  previewed: { train: 0, test: 0 },
  labelsLoaded: { train: false, test: false },
  verified: 'pending',
  verification: null,
  loadMs: null,
  error: null,
  manifest: null,
  memory: null,
  contextLost: false,
  upload: NO_UPLOAD,
};

/**
 * Images are read back from the tensors in aligned blocks, and the last few blocks are kept: stepping
 * to a neighbouring sample then needs no GPU readback, which would wait behind a training batch in
 * flight (~0.6 s of a CNN batch on a software GPU). The pixels still come from the tensors.
 */
/** training_images[0]'s pixel sum in the manifest's integrity vector. */
const firstPixelSum = (manifest: Manifest) => firstU32Base64(manifest.splits.train.pixelSums);

const READ_BLOCK = 64;
const CACHED_BLOCKS = 8;

declare global {
  interface Window {
    /** Figures for `npm run bench` and e2e tests to read. */
    __mnistBench?: Record<string, unknown>;
  }
}

export class DatasetService implements DatasetReader {
  private status: DatasetStatus = INITIAL;
  private readonly publisher = new FramePublisher();
  private dataset: LoadedDataset | null = null;
  /** Resolves as soon as the dataset object exists (reads of loaded parts work during the load). */
  private created: Promise<LoadedDataset> | null = null;
  private generation = 0;
  /** Bumped by every loadCustom and dispose, so a superseded upload never swaps in. */
  private uploadToken = 0;
  private preferredBackend: 'webgl' | 'cpu' = 'webgl';
  private abort: AbortController | null = null;
  /** Each split's first sheet, decoded on the CPU and checked, until those images are in tensors. */
  private previews: Partial<Record<SplitName, Uint8Array>> = {};
  private labelBytes: Partial<Record<SplitName, Uint8Array>> = {};
  /** training_images[0] from the page's first screen (index.html), shown once it matches the manifest's pixel sum. */
  private firstImage: Uint8Array | null = null;
  /** Recently read image blocks, oldest first (see readBlock). */
  private blocks = new Map<string, Promise<Uint8Array>>();
  /** Each split's grey-level counts, by generation and split (see greyLevels). */
  private greyLevelsCache = new Map<string, Promise<GreyLevels>>();
  private readonly baseUrl: string;

  constructor(baseUrl = new URL(DATA_URL_PATH, document.baseURI).href) {
    this.baseUrl = baseUrl;
  }

  subscribe = this.publisher.subscribe;

  getStatus = (): DatasetStatus => this.status;

  /**
   * Starts (or restarts) loading; `preferred` 'cpu' skips WebGL. Downloads start at once;
   * TensorFlow.js is imported once `tensorsAfter` settles (e.g. the notebook's first paint), so
   * evaluating its large module does not delay the first cells. `firstImage` (the first screen's copy of
   * training_images[0], see scripts/first-screen.ts) is shown as that image's preview from the moment the
   * manifest confirms its pixel sum, before the first sheet has arrived.
   */
  start(preferred: 'webgl' | 'cpu' = 'webgl', tensorsAfter: Promise<unknown> = Promise.resolve(), firstImage: Uint8Array | null = null): void {
    this.dispose();
    this.firstImage = firstImage?.length === IMAGE_PIXELS ? firstImage : null;
    this.preferredBackend = preferred;
    const generation = ++this.generation;
    const abort = new AbortController();
    this.abort = abort;
    this.status = { ...INITIAL };
    this.publish(true);
    const started = performance.now();
    const onEvent = (e: DatasetEvent, dataset: MnistDataset | null) => {
      if (generation === this.generation) this.onEvent(e, dataset, started);
    };
    const downloads = startDownloads(this.baseUrl, (e) => onEvent(e, null), abort.signal);
    this.created = tensorsAfter.then(() => import('../../data/dataset')).then(({ MnistDataset }) => {
      const dataset = new MnistDataset();
      if (generation !== this.generation) return dataset;
      this.dataset = dataset;
      void dataset.load(downloads, (e) => onEvent(e, dataset), preferred);
      return dataset;
    });
    this.created.catch((e: Error) => this.update({ phase: 'error', error: { message: `The app could not start: ${e.message}`, fix: 'Reload the page.' } }, true));
  }

  private onEvent(e: DatasetEvent, dataset: MnistDataset | null, started: number): void {
    const s = this.status;
    switch (e.type) {
      case 'backend':
        return this.update({ backend: e.choice.backend, backendNotice: e.choice.notice, phase: s.phase === 'error' ? 'error' : 'loading' }, true);
      case 'manifest': {
        const totalImages = SPLITS.reduce((a, sp) => a + e.manifest.splits[sp].count, 0);
        const first = this.firstImage;
        this.firstImage = null;
        const seeded = first !== null && s.previewed.train === 0 && firstPixelSum(e.manifest) === first.reduce((a, v) => a + v, 0);
        if (seeded) this.previews.train = first;
        return this.update({ manifest: e.manifest, progress: { ...s.progress, totalImages, totalBytes: e.totalBytes }, ...(seeded ? { previewed: { ...s.previewed, train: 1 } } : {}) }, true);
      }
      case 'preview':
        this.previews[e.split] = e.pixels;
        return this.update({ previewed: { ...s.previewed, [e.split]: e.pixels.length / IMAGE_PIXELS } }, true);
      case 'bytes':
        return this.update({ progress: { ...s.progress, loadedBytes: s.progress.loadedBytes + e.delta } });
      case 'images': {
        const loaded = { ...s.loaded, [e.split]: e.loaded };
        return this.update({ loaded, progress: { ...s.progress, loadedImages: loaded.train + loaded.test }, memory: dataset?.memory() ?? s.memory });
      }
      case 'labels':
        this.labelBytes[e.split] = e.labels;
        return this.update({ labelsLoaded: { ...s.labelsLoaded, [e.split]: true } }, true);
      case 'verified': {
        if (!dataset) return;
        const loadMs = performance.now();
        performance.mark('mnist:all-verified');
        const memory = dataset.memory();
        window.__mnistBench = { loadMs, sinceStartMs: loadMs - started, memory, datasetBytes: memory.datasetBytes, verified: e.ok, backend: s.backend };
        const loaded = { train: dataset.loaded('train'), test: dataset.loaded('test') };
        this.previews = {};
        return this.update(
          {
            phase: e.ok ? 'ready' : 'error',
            verified: e.ok ? 'yes' : 'no',
            verification: `${e.detail}.`,
            loadMs,
            loaded,
            memory,
            error: e.ok ? null : { message: `The images in the tensors do not match the manifest: ${e.detail}.`, fix: 'Run `npm run prepare-data -- --force`, then reload; if it persists, try another browser.' },
          },
          true,
        );
      }
      case 'error':
        this.firstImage = null;
        return this.update({ phase: 'error', error: { message: e.message, fix: e.fix } }, true);
      case 'context-lost':
        return this.update(
          {
            phase: 'error',
            contextLost: true,
            verified: 'no',
            verification: 'The tensors were lost with the WebGL context.',
            error: { message: 'The WebGL context was lost (the GPU was reset or the browser reclaimed it), so the tensors are gone.', fix: 'Reload the dataset below; choose the cpu backend if it keeps happening.' },
          },
          true,
        );
    }
  }

  private update(patch: Partial<DatasetStatus>, now = false): void {
    this.status = { ...this.status, ...patch };
    this.publish(now);
  }

  private publish(now: boolean): void {
    this.publisher.publish(now);
  }

  /**
   * Loads the learner's IDX files (raw or gzipped; an images and a labels file per split) in place of the
   * current dataset. Everything is read and checked first: on any problem the status's `upload` carries
   * a message naming the file and the problem, and the dataset already loaded stays as it was. On
   * success the old tensors are disposed and the status describes the new dataset (source, counts,
   * labels). Resolves true when the new dataset is in use.
   */
  async loadCustom(files: readonly FileLike[], classNames: readonly string[] | null = null): Promise<boolean> {
    const token = ++this.uploadToken;
    const names = files.map((f) => f.name);
    const stale = () => token !== this.uploadToken;
    const fail = (message: string) => {
      if (!stale()) this.update({ upload: { state: 'error', message, files: names } }, true);
      return false;
    };
    if (classNames !== null && classNames.length !== NUM_CLASSES) return fail(`Label names: expected ${NUM_CLASSES} names, found ${classNames.length}`);
    this.update({ upload: { state: 'checking', message: `Reading and checking ${files.length} file${files.length === 1 ? '' : 's'}…`, files: names } }, true);
    const started = performance.now();
    const read = await tryReadFiles(files);
    if (stale()) return false;
    if (!read.ok) return fail(read.error);
    const checked = await tryLoadIdxFiles(read.value);
    if (stale()) return false;
    if (!checked.ok) return fail(checked.error);
    const data = checked.value;
    const total = data.splits.train.images.count + data.splits.test.images.count;
    this.update({ upload: { state: 'loading', message: `Putting ${formatCount(total)} images of ${data.rows}x${data.cols} into tensors…`, files: names } }, true);
    let dataset: CustomDataset;
    let swapped: (generation: number) => void = () => {};
    try {
      const [{ CustomDataset }, { chooseBackend }] = await Promise.all([import('../../data/custom-dataset'), import('../../data/backend')]);
      const backend = this.dataset?.backend ?? (await chooseBackend(this.preferredBackend));
      if (stale()) return false;
      // Set after the swap below: a lost context then reports like MNIST's (the cell offers a reload).
      let generation = -1;
      dataset = await CustomDataset.create(data, {
        backend,
        onContextLost: () => {
          if (generation === this.generation) this.onEvent({ type: 'context-lost' }, null, 0);
        },
      });
      swapped = (g) => (generation = g);
    } catch (e) {
      return fail(`The files are valid, but their images could not be put into tensors: ${errorMessage(e)}`);
    }
    if (stale()) {
      dataset.dispose();
      return false;
    }
    // The swap: from here on the old dataset is gone and the notebook follows the new one.
    this.dispose();
    swapped(this.generation);
    this.dataset = dataset;
    this.created = Promise.resolve(dataset);
    this.labelBytes = { train: data.splits.train.labels.labels, test: data.splits.test.labels.labels };
    const bytes = read.value.reduce((a, f) => a + f.bytes.length, 0);
    const loaded = { train: data.splits.train.images.count, test: data.splits.test.images.count };
    const backend = dataset.backend;
    this.status = {
      ...INITIAL,
      source: { kind: 'custom', name: data.name, rows: data.rows, cols: data.cols, classNames: classNames ? [...classNames] : null },
      phase: 'ready',
      backend: backend?.backend ?? null,
      backendNotice: backend?.notice ?? null,
      progress: { loadedImages: total, totalImages: total, loadedBytes: bytes, totalBytes: bytes },
      loaded,
      labelsLoaded: { train: true, test: true },
      verified: 'yes',
      verification: 'every file passed the IDX checks (magic, dimensions, lengths, image and label counts, labels 0..9)',
      loadMs: performance.now() - started,
      manifest: dataset.manifest,
      memory: dataset.memory(),
      upload: { state: 'done', message: `Loaded ${names.join(', ')}: ${formatCount(loaded.train)} training and ${formatCount(loaded.test)} test images of ${data.rows}x${data.cols}.`, files: names },
    };
    this.publish(true);
    // The gallery's sprite sheets are drawn after the swap; each one appears as it is ready.
    const generation = this.generation;
    dataset.renderSheets((manifest) => generation === this.generation && this.update({ manifest, memory: dataset.memory() }, true)).catch((e: unknown) => {
      if (generation !== this.generation) return;
      const detail = errorMessage(e);
      this.update({ upload: { ...this.status.upload, message: `${this.status.upload.message ?? ''} The gallery's pictures could not be drawn (${detail}); everything else works.` } }, true);
    });
    return true;
  }

  /** Leaves the learner's dataset: reloads MNIST (on the backend last asked for). */
  backToMnist(): void {
    this.start(this.preferredBackend);
  }

  /** Pixels per image of the dataset in use (rows x cols). */
  private imagePixels(): number {
    return this.status.source.rows * this.status.source.cols;
  }

  private async loadedDataset(): Promise<LoadedDataset> {
    if (!this.created) throw new Error('the dataset is not loading');
    return this.created;
  }

  async readImages(split: SplitName, start: number, end: number): Promise<Uint8Array> {
    const preview = this.previews[split];
    if (preview && end <= this.status.previewed[split] && end > this.status.loaded[split] && start >= 0 && start <= end) {
      return preview.slice(start * IMAGE_PIXELS, end * IMAGE_PIXELS);
    }
    const px = this.imagePixels();
    const count = this.status.loaded[split];
    if (this.status.phase !== 'ready' || start < 0 || end > count || start >= end || end - start > READ_BLOCK * 4) {
      return (await this.loadedDataset()).readImages(split, start, end);
    }
    const first = Math.floor(start / READ_BLOCK);
    const last = Math.floor((end - 1) / READ_BLOCK);
    const blocks = await Promise.all(Array.from({ length: last - first + 1 }, (_, k) => this.readBlock(split, first + k, count)));
    const out = new Uint8Array((end - start) * px);
    blocks.forEach((pixels, k) => {
      const blockStart = (first + k) * READ_BLOCK;
      const from = Math.max(start, blockStart);
      const to = Math.min(end, blockStart + pixels.length / px);
      out.set(pixels.subarray((from - blockStart) * px, (to - blockStart) * px), (from - start) * px);
    });
    return out;
  }

  /** One aligned block of images from the tensors, kept among the last CACHED_BLOCKS read. */
  private readBlock(split: SplitName, block: number, count: number): Promise<Uint8Array> {
    const key = `${split}:${block}`;
    const cached = this.blocks.get(key);
    if (cached) {
      this.blocks.delete(key);
      this.blocks.set(key, cached);
      return cached;
    }
    const read = this.loadedDataset().then((d) => d.readImages(split, block * READ_BLOCK, Math.min(count, (block + 1) * READ_BLOCK)));
    this.blocks.set(key, read);
    read.catch(() => this.blocks.delete(key));
    for (const oldest of this.blocks.keys()) {
      if (this.blocks.size <= CACHED_BLOCKS) break;
      this.blocks.delete(oldest);
    }
    return read;
  }

  labels(split: SplitName): Uint8Array | null {
    return this.labelBytes[split] ?? null;
  }

  async summaries(split: SplitName): Promise<{ images: TensorSummary; labels: TensorSummary }> {
    const facts = await (await this.loadedDataset()).facts(split);
    if (!facts) throw new Error(`${split} is not loaded yet`);
    const names = split === 'train' ? ['training_images', 'training_labels'] : ['test_images', 'test_labels'];
    return {
      images: { name: names[0], ndim: facts.images.shape.length, ...facts.images },
      labels: { name: names[1], ndim: facts.labels.shape.length, ...facts.labels },
    };
  }

  async classMeans(split: SplitName): Promise<Float32Array> {
    return (await this.loadedDataset()).classMeans(split);
  }

  greyLevels(split: SplitName): Promise<GreyLevels> {
    const key = `${this.generation}:${split}`;
    let known = this.greyLevelsCache.get(key);
    if (!known) {
      const labels = this.labels(split);
      if (this.status.phase !== 'ready' || !labels) return Promise.reject(new Error(`${split} is not loaded yet`));
      known = this.loadedDataset().then((d) => d.greyLevels(split, labels));
      known.catch(() => this.greyLevelsCache.delete(key));
      this.greyLevelsCache.set(key, known);
    }
    return known;
  }

  /**
   * Both splits' joined tensors, borrowed (the dataset owns them), or null until both are loaded:
   * images [n, rows, cols] int32 0..255 (rows x cols = status.source's), labels [n] int32 0..9.
   */
  tensors(): DatasetTensors | null {
    return this.status.phase === 'ready' ? (this.dataset?.tensors() ?? null) : null;
  }

  /** tf.memory() figures now, or null before TensorFlow.js is up. */
  memoryNow(): MemoryFigures | null {
    return this.dataset?.memory() ?? null;
  }

  /** Refreshes the memory figures shown in the dataset cell. */
  refreshMemory(): void {
    if (this.dataset) this.update({ memory: this.dataset.memory() });
  }

  /** Frees every tensor and stops any load in progress. */
  dispose(): void {
    this.generation++;
    this.uploadToken++;
    this.abort?.abort();
    this.abort = null;
    this.dataset?.dispose();
    this.dataset = null;
    this.created = null;
    this.previews = {};
    this.labelBytes = {};
    this.blocks.clear();
    this.greyLevelsCache.clear();
  }
}
