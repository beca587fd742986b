/**
 * Owns the dataset's tensors and the bytes they were made from. Sheets arrive one by one: on WebGL each
 * split is one tensor from the start, filled sheet by sheet (webgl-upload.ts); elsewhere each sheet is a
 * part tensor and the parts are joined at the end. Reads of images come from the bytes, never the GPU.
 */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_PIXELS, IMAGE_SIZE, SPLITS, type SplitName } from './format';
import { bytesToImages, readImageRange } from './tensors';
import { createFillable, createFillableImages, type FillableImages } from './webgl-upload';

interface Part {
  first: number;
  count: number;
  images: tf.Tensor3D;
}

interface SplitTensors {
  /** Per-sheet tensors, where the split is not filled in place. */
  parts: Part[];
  /** The split's tensor being filled in place (WebGL), until every image is in. */
  filling: FillableImages | null;
  /** The split's images once complete. */
  images: tf.Tensor3D | null;
  /** The split's images as bytes ([count * 784], what the tensors hold), and which ranges [first, count) are in. */
  bytes: Uint8Array | null;
  ranges: [number, number][];
  labels: tf.Tensor1D | null;
  labelBytes: Uint8Array | null;
}

const emptySplit = (): SplitTensors => ({ parts: [], filling: null, images: null, bytes: null, ranges: [], labels: null, labelBytes: null });

/** Thrown when a read asks for images that are not in tensors (yet). */
export class NotLoadedError extends Error {
  readonly code = 'NOT_LOADED';
}

/** The dataset in tensors. Every tensor here is owned by the store and freed by dispose(). */
export class MnistStore {
  private readonly splits: Record<SplitName, SplitTensors> = { train: emptySplit(), test: emptySplit() };
  private disposed = false;

  /**
   * Adds images [first, first + pixels.length / 784) of a split of `total` images from their bytes (kept:
   * do not change them), and `floats`, the same values as float32, if at hand (the upload then takes them).
   * The first sheet decides how the split is held: filled in place on WebGL 2, else parts.
   */
  addSheet(split: SplitName, first: number, pixels: Uint8Array, total: number, floats?: Float32Array): void {
    if (this.disposed) return;
    const s = this.splits[split];
    const count = pixels.length / IMAGE_PIXELS;
    if (!s.bytes) {
      s.bytes = new Uint8Array(total * IMAGE_PIXELS);
      s.filling = createFillableImages(total, IMAGE_SIZE, IMAGE_SIZE);
    }
    s.bytes.set(pixels, first * IMAGE_PIXELS);
    if (s.filling) s.filling.write(first, floats ?? pixels);
    else this.addPart(split, first, bytesToImages(pixels, count));
    s.ranges.push([first, count]);
    s.ranges.sort((a, b) => a[0] - b[0]);
  }

  /** Adds images [first, first+count) of a split as a tensor; the store takes ownership of `images`. */
  addPart(split: SplitName, first: number, images: tf.Tensor3D): void {
    if (this.disposed) {
      images.dispose();
      return;
    }
    const s = this.splits[split];
    s.parts.push({ first, count: images.shape[0], images });
    s.parts.sort((a, b) => a.first - b.first);
  }

  /** Drops everything held for a split. */
  clearSplit(split: SplitName): void {
    const s = this.splits[split];
    s.parts.forEach((p) => p.images.dispose());
    s.filling?.tensor.dispose();
    s.images?.dispose();
    Object.assign(s, { ...emptySplit(), labels: s.labels, labelBytes: s.labelBytes });
  }

  /** Parts of a split, in image order. */
  partsOf(split: SplitName): readonly Part[] {
    return this.splits[split].parts;
  }

  /** Makes a split's tensor final: the one filled in place, or its parts joined by `join`. */
  join(split: SplitName, join: (parts: tf.Tensor3D[]) => tf.Tensor3D): void {
    const s = this.splits[split];
    if (this.disposed || s.images) return;
    if (s.filling) {
      s.images = s.filling.tensor;
      s.filling = null;
    } else if (s.parts.length > 0) {
      s.images = join(s.parts.map((p) => p.images));
      s.parts = [];
    }
  }

  /** Stores a split's labels ([n] uint8 digits) as bytes and as an int32 tensor. */
  setLabels(split: SplitName, bytes: Uint8Array): void {
    if (this.disposed) return;
    const s = this.splits[split];
    s.labels?.dispose();
    s.labelBytes = bytes;
    const fill = createFillable<tf.Tensor1D>([bytes.length]);
    fill?.write(0, bytes);
    s.labels = fill?.tensor ?? tf.tensor1d(Int32Array.from(bytes), 'int32');
  }

  /** [n, 28, 28] int32 images of a split, or null until joined. Owned by the store. */
  images(split: SplitName): tf.Tensor3D | null {
    return this.splits[split].images;
  }

  /** The joined split's images as bytes ([n * 28 * 28] 0..255, what its tensor holds), or null. Owned by the store: do not change them. */
  imageBytes(split: SplitName): Uint8Array | null {
    const s = this.splits[split];
    return s.images && s.bytes && s.bytes.length === s.images.size ? s.bytes : null;
  }

  /** [n] int32 labels of a split, or null until loaded. Owned by the store. */
  labels(split: SplitName): tf.Tensor1D | null {
    return this.splits[split].labels;
  }

  /** A split's labels as bytes, or null until loaded. */
  labelBytes(split: SplitName): Uint8Array | null {
    return this.splits[split].labelBytes;
  }

  /** Images of a split readable now, counted from index 0. */
  loadedPrefix(split: SplitName): number {
    const s = this.splits[split];
    if (s.images) return s.images.shape[0];
    const ranges: [number, number][] = s.bytes ? s.ranges : s.parts.map((p) => [p.first, p.count]);
    let next = 0;
    for (const [first, count] of ranges) {
      if (first !== next) break;
      next += count;
    }
    return next;
  }

  /** Bytes 0..255 of images [start, end) of a split; rejects with NotLoadedError past what is loaded. */
  async readImages(split: SplitName, start: number, end: number): Promise<Uint8Array> {
    const s = this.splits[split];
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end) throw new RangeError(`images [${start}, ${end}) is not a valid range`);
    if (s.images && end > s.images.shape[0]) throw new RangeError(`images [${start}, ${end}) are outside 0..${s.images.shape[0]}`);
    if (s.bytes) {
      for (let i = start; i < end; ) {
        const range = s.ranges.find(([first, count]) => i >= first && i < first + count);
        if (!range) throw new NotLoadedError(`image ${i} of ${split} is not loaded yet`);
        i = range[0] + range[1];
      }
      return s.bytes.slice(start * IMAGE_PIXELS, end * IMAGE_PIXELS);
    }
    if (s.images) return readImageRange(s.images, start, end);
    const out = new Uint8Array((end - start) * IMAGE_PIXELS);
    let i = start;
    while (i < end) {
      const part = s.parts.find((p) => i >= p.first && i < p.first + p.count);
      if (!part) throw new NotLoadedError(`image ${i} of ${split} is not loaded yet`);
      const stop = Math.min(end, part.first + part.count);
      out.set(await readImageRange(part.images, i - part.first, stop - part.first), (i - start) * IMAGE_PIXELS);
      i = stop;
    }
    return out;
  }

  /** Bytes the dataset's tensors need (4 bytes per int32 element). */
  datasetBytes(): number {
    let bytes = 0;
    for (const split of SPLITS) {
      const s = this.splits[split];
      if (s.images) bytes += s.images.size * 4;
      if (s.filling) bytes += s.filling.tensor.size * 4;
      for (const p of s.parts) bytes += p.images.size * 4;
      if (s.labels) bytes += s.labels.size * 4;
    }
    return bytes;
  }

  /** Frees every tensor the store holds. */
  dispose(): void {
    this.disposed = true;
    for (const split of SPLITS) {
      this.clearSplit(split);
      this.splits[split].labels?.dispose();
      this.splits[split].labels = null;
      this.splits[split].labelBytes = null;
    }
  }
}
