/**
 * What MnistDataset and CustomDataset share once a split is in tensors: its facts, the borrowed
 * tensors, the class means computed once per split, and the memory figures. Each subclass says where
 * its split tensors are and how many bytes they take; loading, reading images and disposing stay theirs.
 */
import type * as tf from '@tensorflow/tfjs';
import { memorySnapshot, type BackendChoice } from './backend';
import type { DatasetTensors, LoadedDataset, MemoryFigures, TensorFacts } from './dataset-api';
import type { SplitName } from './format';
import { countSplitGreyLevels } from './grey-levels-gpu';
import type { GreyLevels } from './grey-levels';
import { classMeanImages, valueRange } from './tensors';

/** One split in tensors, owned by its dataset: images [n, rows, cols] int32 0..255, labels [n] int32 0..9. */
export interface SplitTensors {
  images: tf.Tensor3D;
  labels: tf.Tensor1D;
}

/** Shape, dtype, size, bytes (4 per int32 element) and value range of one tensor; reads back two numbers. */
export async function tensorFacts(t: tf.Tensor): Promise<TensorFacts> {
  const range = await valueRange(t);
  return { shape: [...t.shape], dtype: t.dtype, size: t.size, bytes: t.size * 4, ...range };
}

/** A dataset whose splits are tensors; the shared half of LoadedDataset. */
export abstract class TensorDataset implements LoadedDataset {
  private readonly means = new Map<SplitName, Promise<Float32Array>>();
  backend: BackendChoice | null = null;

  /** A split's tensors (borrowed), or null while it is not in tensors yet or no longer. */
  protected abstract splitTensors(split: SplitName): SplitTensors | null;
  /** A split's images as bytes, what its tensor holds, when they are on the host (borrowed), else null. */
  protected splitBytes(_split: SplitName): Uint8Array | null {
    return null;
  }
  /** Why classMeans(split) cannot run now (not loaded yet, or the dataset was replaced). */
  protected abstract unavailable(split: SplitName): Error;
  /** Bytes the dataset's own tensors need (4 per int32 element); 0 once disposed. */
  abstract datasetBytes(): number;

  abstract readImages(split: SplitName, start: number, end: number): Promise<Uint8Array>;
  abstract loaded(split: SplitName): number;
  abstract dispose(): void;

  /** Shape, dtype and range of a split's image and label tensors, or null while the split is not in tensors. */
  async facts(split: SplitName): Promise<{ images: TensorFacts; labels: TensorFacts } | null> {
    const s = this.splitTensors(split);
    if (!s) return null;
    const [images, labels] = await Promise.all([tensorFacts(s.images), tensorFacts(s.labels)]);
    return { images, labels };
  }

  /** Both splits' tensors, borrowed (never dispose them), or null until both are in tensors. */
  tensors(): DatasetTensors | null {
    const train = this.splitTensors('train');
    const test = this.splitTensors('test');
    if (!train || !test) return null;
    return { trainImages: train.images, trainLabels: train.labels, testImages: test.images, testLabels: test.labels, trainImageBytes: this.splitBytes('train'), testImageBytes: this.splitBytes('test') };
  }

  /**
   * Mean image per class (10*rows*cols floats 0..255), computed once per split on the device; the same
   * promise for every caller, forgotten if it fails so that a later call tries again.
   */
  classMeans(split: SplitName): Promise<Float32Array> {
    const cached = this.means.get(split);
    if (cached) return cached;
    const s = this.splitTensors(split);
    if (!s) return Promise.reject(this.unavailable(split));
    const p = classMeanImages(s.images, s.labels);
    this.means.set(split, p);
    p.catch(() => this.means.delete(split));
    return p;
  }

  /**
   * A split's grey-level counts (`labels`: the split's, as bytes): on the GPU from its image tensor
   * where the backend can and is fast enough, else (or for the rest) on the host from readImages' bytes
   * (see countSplitGreyLevels).
   */
  greyLevels(split: SplitName, labels: Uint8Array): Promise<GreyLevels> {
    const s = this.splitTensors(split);
    if (!s) return Promise.reject(this.unavailable(split));
    const pixelsPerImage = s.images.size / Math.max(1, s.images.shape[0]);
    return countSplitGreyLevels(s.images, labels, pixelsPerImage, (start, end) => this.readImages(split, start, end));
  }

  /** tf.memory() now, with the bytes of the dataset's own tensors. */
  memory(): MemoryFigures {
    return { ...memorySnapshot(), datasetBytes: this.datasetBytes() };
  }
}
