/** Owns the dataset's tensors: per-sheet parts while loading, one tensor per split once joined. */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_PIXELS, SPLITS, type SplitName } from './format';
import { readImageRange } from './tensors';

interface Part {
  first: number;
  count: number;
  images: tf.Tensor3D;
}

interface SplitTensors {
  parts: Part[];
  images: tf.Tensor3D | null;
  labels: tf.Tensor1D | null;
  labelBytes: Uint8Array | null;
}

/** Thrown when a read asks for images that are not in tensors (yet). */
export class NotLoadedError extends Error {
  readonly code = 'NOT_LOADED';
}

/** The dataset in tensors. Every tensor here is owned by the store and freed by dispose(). */
export class MnistStore {
  private readonly splits: Record<SplitName, SplitTensors> = {
    train: { parts: [], images: null, labels: null, labelBytes: null },
    test: { parts: [], images: null, labels: null, labelBytes: null },
  };
  private disposed = false;

  /** Adds images [first, first+count) of a split; the store takes ownership of `images`. */
  addPart(split: SplitName, first: number, images: tf.Tensor3D): void {
    if (this.disposed) {
      images.dispose();
      return;
    }
    const s = this.splits[split];
    s.parts.push({ first, count: images.shape[0], images });
    s.parts.sort((a, b) => a.first - b.first);
  }

  /** Replaces all parts of a split (used when re-decoding); old parts are disposed. */
  clearSplit(split: SplitName): void {
    const s = this.splits[split];
    s.parts.forEach((p) => p.images.dispose());
    s.parts = [];
    s.images?.dispose();
    s.images = null;
  }

  /** Parts of a split, in image order (for verification). */
  partsOf(split: SplitName): readonly Part[] {
    return this.splits[split].parts;
  }

  /** Joins a split's parts into its final [n, 28, 28] int32 tensor. */
  join(split: SplitName, join: (parts: tf.Tensor3D[]) => tf.Tensor3D): void {
    const s = this.splits[split];
    if (s.parts.length === 0 || this.disposed) return;
    s.images = join(s.parts.map((p) => p.images));
    s.parts = [];
  }

  /** Stores a split's labels ([n] uint8 digits) as bytes and as an int32 tensor. */
  setLabels(split: SplitName, bytes: Uint8Array): void {
    if (this.disposed) return;
    const s = this.splits[split];
    s.labels?.dispose();
    s.labelBytes = bytes;
    s.labels = tf.tensor1d(Int32Array.from(bytes), 'int32');
  }

  /** [n, 28, 28] int32 images of a split, or null until joined. Owned by the store. */
  images(split: SplitName): tf.Tensor3D | null {
    return this.splits[split].images;
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
    let next = 0;
    for (const p of s.parts) {
      if (p.first !== next) break;
      next += p.count;
    }
    return next;
  }

  /** Bytes 0..255 of images [start, end) of a split; rejects with NotLoadedError past what is loaded. */
  async readImages(split: SplitName, start: number, end: number): Promise<Uint8Array> {
    const s = this.splits[split];
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end) throw new RangeError(`images [${start}, ${end}) is not a valid range`);
    if (s.images) {
      if (end > s.images.shape[0]) throw new RangeError(`images [${start}, ${end}) are outside 0..${s.images.shape[0]}`);
      return readImageRange(s.images, start, end);
    }
    const pixelsPer = s.parts[0] ? s.parts[0].images.shape[1] * s.parts[0].images.shape[2] : IMAGE_PIXELS;
    const out = new Uint8Array((end - start) * pixelsPer);
    let i = start;
    while (i < end) {
      const part = s.parts.find((p) => i >= p.first && i < p.first + p.count);
      if (!part) throw new NotLoadedError(`image ${i} of ${split} is not loaded yet`);
      const stop = Math.min(end, part.first + part.count);
      out.set(await readImageRange(part.images, i - part.first, stop - part.first), (i - start) * pixelsPer);
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
