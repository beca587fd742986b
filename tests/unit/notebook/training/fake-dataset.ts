/** Just what the training service uses of the dataset service, for its unit tests (tfjs on the cpu backend). */
import * as tf from '@tensorflow/tfjs';
import { MNIST_SOURCE, type DatasetSource, type DatasetStatus, type TrainingDataset } from '../../../../src/notebook/services/types';

export type Tensors = { trainImages: tf.Tensor; trainLabels: tf.Tensor; testImages: tf.Tensor; testLabels: tf.Tensor };

export class FakeDataset implements TrainingDataset {
  status: { phase: DatasetStatus['phase']; contextLost: boolean; source: DatasetSource } = { phase: 'ready', contextLost: false, source: MNIST_SOURCE };
  data: Tensors | null;
  private readonly listeners = new Set<() => void>();
  constructor(data: Tensors) {
    this.data = data;
  }
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getStatus = () => this.status;
  tensors = () => (this.status.phase === 'ready' ? this.data : null);
  memoryNow = () => ({ numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes, numBytesInGPU: null, datasetBytes: 0 });
  /** Changes the status and tells the subscribers, as the dataset service does. */
  set(patch: Partial<FakeDataset['status']>) {
    this.status = { ...this.status, ...patch };
    this.listeners.forEach((l) => l());
  }
  /** Swaps the dataset as loadCustom does. */
  use(source: DatasetSource, data: Tensors | null, phase: DatasetStatus['phase'] = 'ready') {
    this.data = data;
    this.set({ source, phase });
  }
}

/** Node has no requestAnimationFrame; the services publish through it. */
export function installAnimationFrame(): void {
  globalThis.requestAnimationFrame ??= ((cb: FrameRequestCallback) => setTimeout(() => cb(performance.now()), 0) as unknown as number) as typeof requestAnimationFrame;
  globalThis.cancelAnimationFrame ??= ((id: number) => clearTimeout(id)) as typeof cancelAnimationFrame;
}
