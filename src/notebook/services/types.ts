/** What the notebook sees of the dataset: plain numbers and arrays, never tensors. */
import type { GreyLevels } from '../../data/grey-levels';
import type { DatasetTensors, MemoryFigures } from '../../data/dataset-api';
import type { Manifest, SplitName } from '../../data/format';

export type { SplitName } from '../../data/format';

export interface LoadProgress {
  loadedImages: number;
  totalImages: number;
  loadedBytes: number;
  totalBytes: number;
}

export interface TensorSummary {
  /** The lesson's variable name, e.g. training_images. */
  name: string;
  shape: number[];
  dtype: string;
  ndim: number;
  size: number;
  bytes: number;
  min: number;
  max: number;
}

/** Which dataset the notebook shows: MNIST from the build step, or IDX files the learner brought. */
export interface DatasetSource {
  kind: 'mnist' | 'custom';
  /** Shown in the dataset badge, e.g. "MNIST" or "Fashion-MNIST (train-images-idx3-ubyte.gz, ...)". */
  name: string;
  /** Image height and width in pixels (28 x 28 for MNIST). */
  rows: number;
  cols: number;
  /** A name per class 0..9 (e.g. Fashion-MNIST's "T-shirt/top"), or null to show the digits. */
  classNames: readonly string[] | null;
}

export const MNIST_SOURCE: DatasetSource = { kind: 'mnist', name: 'MNIST', rows: 28, cols: 28, classNames: null };

/** The learner's own files on their way in: checking them, putting them into tensors, or what was wrong. */
export interface UploadStatus {
  state: 'idle' | 'checking' | 'loading' | 'error' | 'done';
  /** Progress, the outcome, or the problem (naming the file). */
  message: string | null;
  /** Names of the files given. */
  files: readonly string[];
}

export const NO_UPLOAD: UploadStatus = { state: 'idle', message: null, files: [] };

export interface DatasetStatus {
  /** The dataset in use; everything else in the status describes it. */
  source: DatasetSource;
  phase: 'starting' | 'loading' | 'ready' | 'error';
  /** The tfjs backend in use ('webgl' or 'cpu'), null before it is chosen. */
  backend: string | null;
  /** Shown when the backend is not the one we wanted (e.g. WebGL unavailable). */
  backendNotice: string | null;
  progress: LoadProgress;
  /** Images in tensors so far in each split, counted from index 0. */
  loaded: Record<SplitName, number>;
  /** Images of each split's first sheet decoded on the CPU and checked, readable before they reach tensors. */
  previewed: Record<SplitName, number>;
  /** Whether each split's labels have arrived (and matched their SHA-256). */
  labelsLoaded: Record<SplitName, boolean>;
  verified: 'pending' | 'yes' | 'no';
  /** Detail of the integrity check (what matched, or what did not and what was done). */
  verification: string | null;
  /** ms from navigation start until the whole dataset was in tensors and verified. */
  loadMs: number | null;
  error: { message: string; fix: string } | null;
  manifest: Manifest | null;
  /** The WebGL context was lost: every tensor (the dataset's and any model's) is gone. */
  contextLost: boolean;
  memory: { numTensors: number; numBytes: number; datasetBytes: number; numBytesInGPU: number | null } | null;
  /** The last "your own dataset" upload; an error here leaves the dataset in use untouched. */
  upload: UploadStatus;
}

/** Read access to the loaded dataset; every method resolves to plain arrays. */
export interface DatasetReader {
  /** Pixels of images [start, end) as (end-start)*rows*cols bytes 0..255, from the tensors (or the checked first sheet before they are in); rejects if not loaded yet. */
  readImages(split: SplitName, start: number, end: number): Promise<Uint8Array>;
  /** All labels of a split (0..9), or null before they are loaded. */
  labels(split: SplitName): Uint8Array | null;
  /** Shape, dtype and value range of a split's images and labels tensors. */
  summaries(split: SplitName): Promise<{ images: TensorSummary; labels: TensorSummary }>;
  /** Mean image of each class, 10*rows*cols floats 0..255, computed on the GPU. */
  classMeans(split: SplitName): Promise<Float32Array>;
  /** Exact counts of the 256 grey levels over a split and within each class, computed once per dataset; rejects if not loaded yet. */
  greyLevels(split: SplitName): Promise<GreyLevels>;
}

/**
 * What the training service (and the model library) read of the dataset service: which dataset is
 * in use and whether it is ready, its tensors (borrowed), the memory figures, and change notices.
 */
export interface TrainingDataset {
  subscribe(listener: () => void): () => void;
  getStatus(): Pick<DatasetStatus, 'source' | 'phase' | 'contextLost'>;
  /** The dataset's tensors, borrowed (never dispose them), or null before they are loaded. */
  tensors(): DatasetTensors | null;
  /** tf.memory() figures now, or null before the dataset has a backend. */
  memoryNow(): Pick<MemoryFigures, 'numTensors' | 'numBytes' | 'numBytesInGPU'> | null;
}
