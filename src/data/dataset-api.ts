/** What every dataset the notebook can show offers (MNIST from the build step, or the learner's IDX files). */
import type { Tensor } from '@tensorflow/tfjs';
import type { BackendChoice } from './backend';
import type { SplitName } from './format';
import type { GreyLevels } from './grey-levels';

export interface TensorFacts {
  shape: number[];
  dtype: string;
  size: number;
  bytes: number;
  min: number;
  max: number;
}

/** Both splits' tensors, borrowed from the dataset: images [n, rows, cols] int32 0..255, labels [n] int32 0..9. */
export interface DatasetTensors {
  trainImages: Tensor;
  trainLabels: Tensor;
  testImages: Tensor;
  testLabels: Tensor;
  /** Each split's images as bytes, what its tensor holds, when the dataset has them on the host (borrowed; never change them). */
  trainImageBytes?: Uint8Array | null;
  testImageBytes?: Uint8Array | null;
}

/** tf.memory() figures and the bytes the dataset's own tensors need. */
export interface MemoryFigures {
  numTensors: number;
  numBytes: number;
  numBytesInGPU: number | null;
  numBytesInGPUAllocated: number | null;
  datasetBytes: number;
}

/** A dataset in tensors; owns them until dispose(). */
export interface LoadedDataset {
  backend: BackendChoice | null;
  /** Bytes 0..255 of images [start, end) of a split, (end-start)*rows*cols of them (from the host bytes, else read from the tensors). */
  readImages(split: SplitName, start: number, end: number): Promise<Uint8Array>;
  /** Images of a split readable now, counted from index 0. */
  loaded(split: SplitName): number;
  /** Shape, dtype and range of a split's image and label tensors, or null until the split is in tensors. */
  facts(split: SplitName): Promise<{ images: TensorFacts; labels: TensorFacts } | null>;
  /** Both splits' tensors (borrowed; never dispose them), or null until both are loaded. */
  tensors(): DatasetTensors | null;
  /** Mean image per class, 10*rows*cols floats 0..255, computed on the device. */
  classMeans(split: SplitName): Promise<Float32Array>;
  /** A split's grey-level counts (all and per label; `labels` the split's), on the GPU where the backend can; rejects until the split is in tensors. */
  greyLevels(split: SplitName, labels: Uint8Array): Promise<GreyLevels>;
  memory(): MemoryFigures;
  dispose(): void;
}
