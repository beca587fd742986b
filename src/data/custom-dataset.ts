/**
 * A learner's checked IDX dataset in tensors, with the same surface as MnistDataset, and a manifest-like
 * description whose sprite sheets are rendered in the browser (PNG blob URLs, revoked on dispose) after
 * the tensors are in use, so the notebook does not wait for the gallery's pictures.
 */
import * as tf from '@tensorflow/tfjs';
import { onContextLost, type BackendChoice } from './backend';
import type { CustomIdxData } from './custom-idx';
import { MANIFEST_VERSION, NUM_CLASSES, SHEET_COLUMNS, SPLITS, sheetGeometry, type Manifest, type SheetManifest, type SplitManifest, type SplitName } from './format';
import { classCounts } from './sheets';
import { TensorDataset, type SplitTensors } from './tensor-dataset';
import { bytesToImages, readImageRange } from './tensors';

/** Largest sprite-sheet side in pixels: well inside every browser's canvas limits. */
export const MAX_SHEET_SIDE = 4096;

/** Renders a grayscale sheet (width*height bytes) to an image URL the page can use in CSS. */
export type SheetRenderer = (gray: Uint8Array, width: number, height: number) => Promise<string>;

/** Sheet layout for `count` images of rows x cols: as many tiles as fit in MAX_SHEET_SIDE square. */
export function planCustomSheets(count: number, rows: number, cols: number): { first: number; count: number; columns: number }[] {
  const columns = Math.max(1, Math.min(SHEET_COLUMNS, Math.floor(MAX_SHEET_SIDE / cols)));
  const perSheet = columns * Math.max(1, Math.floor(MAX_SHEET_SIDE / rows));
  const plan: { first: number; count: number; columns: number }[] = [];
  for (let first = 0; first < count; first += perSheet) plan.push({ first, count: Math.min(perSheet, count - first), columns });
  return plan;
}

/** Lays images [first, first+count) of `pixels` ([n, rows, cols] bytes) out as tiles, `columns` per row. */
export function packTiles(pixels: Uint8Array, first: number, count: number, rows: number, cols: number, columns: number): { gray: Uint8Array; width: number; height: number } {
  const geom = sheetGeometry(count, columns, cols, rows);
  const gray = new Uint8Array(geom.width * geom.height);
  const px = rows * cols;
  for (let t = 0; t < count; t++) {
    const src = (first + t) * px;
    const x0 = (t % geom.columns) * cols;
    const y0 = Math.floor(t / geom.columns) * rows;
    for (let r = 0; r < rows; r++) gray.set(pixels.subarray(src + r * cols, src + (r + 1) * cols), (y0 + r) * geom.width + x0);
  }
  return { gray, width: geom.width, height: geom.height };
}

/** Browser renderer: grey bytes into a canvas, encoded as PNG, as a blob: URL (revoke with URL.revokeObjectURL). */
export async function renderPngUrl(gray: Uint8Array, width: number, height: number): Promise<string> {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, o = 0; i < gray.length; i++, o += 4) {
    rgba[o] = rgba[o + 1] = rgba[o + 2] = gray[i];
    rgba[o + 3] = 255;
  }
  const image = new ImageData(rgba, width, height);
  let blob: Blob | null;
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2-D canvas context for the sprite sheets');
    ctx.putImageData(image, 0, 0);
    blob = await canvas.convertToBlob({ type: 'image/png' });
  } else {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2-D canvas context for the sprite sheets');
    ctx.putImageData(image, 0, 0);
    blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  }
  if (!blob) throw new Error('the browser could not encode a sprite sheet as PNG');
  return URL.createObjectURL(blob);
}

export interface CustomDatasetOptions {
  /** Defaults to renderPngUrl (needs a browser). */
  render?: SheetRenderer;
  /** Defaults to URL.revokeObjectURL. */
  revoke?: (url: string) => void;
  backend?: BackendChoice | null;
  /** Called if the WebGL context (and with it every tensor) is lost while this dataset is in use. */
  onContextLost?: () => void;
}

/** The learner's dataset in tensors; owns them and its sheet URLs until dispose(). */
export class CustomDataset extends TensorDataset {
  private disposed = false;
  private stopWatchingContext: () => void = () => {};

  private readonly urls: string[] = [];
  private readonly render: SheetRenderer;
  private readonly revoke: (url: string) => void;
  /** Counts, class counts and sheet geometry, like MNIST's manifest; sheet files are blob: URLs, added by renderSheets(). */
  manifest: Manifest;

  private constructor(
    private readonly data: CustomIdxData,
    private readonly splits: Record<SplitName, SplitTensors>,
    options: CustomDatasetOptions,
  ) {
    super();
    this.backend = options.backend ?? null;
    this.render = options.render ?? renderPngUrl;
    this.revoke = options.revoke ?? ((url: string) => URL.revokeObjectURL(url));
    const splitManifests = {} as Record<SplitName, SplitManifest>;
    for (const split of SPLITS) {
      const { images, labels, files } = data.splits[split];
      splitManifests[split] = {
        count: images.count,
        imageSize: data.rows,
        imageRows: data.rows,
        imageCols: data.cols,
        sheets: [],
        labels: { file: files.labels, bytes: labels.count, sha256: '' },
        pixelsSha256: '',
        pixelSums: '',
        classCounts: classCounts(labels.labels, NUM_CLASSES),
      };
    }
    this.manifest = { version: MANIFEST_VERSION, source: { name: data.name, package: 'your files', version: '' }, splits: splitManifests };
  }

  /**
   * Puts both splits into tensors: images [n, rows, cols] int32 0..255, labels [n] int32 0..9. The
   * manifest has no sheets yet (see renderSheets). On failure frees whatever it made and rejects.
   */
  static async create(data: CustomIdxData, options: CustomDatasetOptions = {}): Promise<CustomDataset> {
    const { rows, cols } = data;
    const made: tf.Tensor[] = [];
    try {
      const tensors = {} as Record<SplitName, SplitTensors>;
      for (const split of SPLITS) {
        const { images, labels } = data.splits[split];
        const imageTensor = bytesToImages(images.pixels.subarray(0, images.count * rows * cols), images.count, rows, cols);
        made.push(imageTensor);
        const labelTensor = tf.tensor1d(Int32Array.from(labels.labels), 'int32');
        made.push(labelTensor);
        tensors[split] = { images: imageTensor, labels: labelTensor };
      }
      const dataset = new CustomDataset(data, tensors, options);
      if (options.onContextLost) dataset.stopWatchingContext = onContextLost(options.onContextLost);
      return dataset;
    } catch (e) {
      made.forEach((t) => t.dispose());
      throw e;
    }
  }

  /**
   * Renders the sprite sheets one at a time (train first), each time replacing `manifest` with a new
   * object that has one more sheet and passing it to `onSheet`. Stops quietly once disposed; rejects
   * if a sheet cannot be rendered (the sheets already made stay in use).
   */
  async renderSheets(onSheet: (manifest: Manifest) => void): Promise<void> {
    const { rows, cols } = this.data;
    for (const split of SPLITS) {
      const pixels = this.data.splits[split].images.pixels;
      for (const part of planCustomSheets(this.data.splits[split].images.count, rows, cols)) {
        if (this.disposed) return;
        const { gray, width, height } = packTiles(pixels, part.first, part.count, rows, cols, part.columns);
        const url = await this.render(gray, width, height);
        if (this.disposed) {
          this.revoke(url);
          return;
        }
        this.urls.push(url);
        const sheet: SheetManifest = { file: url, first: part.first, count: part.count, ...sheetGeometry(part.count, part.columns, cols, rows), bytes: 0, sha256: '' };
        const splitManifest = this.manifest.splits[split];
        this.manifest = { ...this.manifest, splits: { ...this.manifest.splits, [split]: { ...splitManifest, sheets: [...splitManifest.sheets, sheet] } } };
        onSheet(this.manifest);
      }
    }
  }

  /**
   * Bytes of images [start, end), copied from the checked IDX bytes the tensors were made from (the same
   * values): no GPU readback, so the sample cells never wait behind GPU work (a training batch, or the
   * previous dataset's work still queued on a software GPU).
   */
  readImages(split: SplitName, start: number, end: number): Promise<Uint8Array> {
    const { count, pixels } = this.data.splits[split].images;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > count) {
      return Promise.reject(new RangeError(`images [${start}, ${end}) are outside 0..${count}`));
    }
    if (this.disposed) return Promise.reject(this.unavailable());
    const px = this.data.rows * this.data.cols;
    return Promise.resolve(pixels.slice(start * px, end * px));
  }

  /** Reads images [start, end) back from the tensors (for checking that they hold the IDX bytes). */
  readImagesFromTensors(split: SplitName, start: number, end: number): Promise<Uint8Array> {
    return readImageRange(this.splits[split].images, start, end);
  }

  loaded(split: SplitName): number {
    return this.disposed ? 0 : this.splits[split].images.shape[0];
  }

  protected splitTensors(split: SplitName): SplitTensors | null {
    return this.disposed ? null : this.splits[split];
  }

  protected splitBytes(split: SplitName): Uint8Array | null {
    if (this.disposed) return null;
    const { images } = this.data.splits[split];
    return images.pixels.subarray(0, images.count * this.data.rows * this.data.cols);
  }

  protected unavailable(): Error {
    return new Error('the dataset was replaced');
  }

  datasetBytes(): number {
    return this.disposed ? 0 : SPLITS.reduce((a, s) => a + (this.splits[s].images.size + this.splits[s].labels.size) * 4, 0);
  }

  /** Frees the tensors and revokes the sheet URLs. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopWatchingContext();
    for (const split of SPLITS) {
      this.splits[split].images.dispose();
      this.splits[split].labels.dispose();
    }
    this.urls.forEach(this.revoke);
  }
}
