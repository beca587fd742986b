/**
 * The training service when the dataset in use is not MNIST or changes (issue 5): the model is built
 * for the dataset's image size, and a change of dataset resets the model, its run and its checkpoint
 * with a message. A fake dataset service on the cpu backend; no tensor left behind.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CNN_PRESET } from '../../../../src/model/presets';
import { TrainingService } from '../../../../src/notebook/services/training-service';
import type { TrainingStatus } from '../../../../src/notebook/services/training-types';
import { MNIST_SOURCE, type DatasetSource } from '../../../../src/notebook/services/types';
import { expectNoLeak } from '../../leak';
import { FakeDataset, installAnimationFrame, type Tensors } from './fake-dataset';
import { barTensors, tinySettings } from '../../model/fixtures';


const FASHION: DatasetSource = {
  kind: 'custom',
  name: 'Fashion-32 (train-images-idx3-ubyte.gz, …)',
  rows: 32,
  cols: 32,
  classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};

/** [count, 32, 32] images: the 28x28 bar digits padded by 2 on each side. Caller disposes. */
function bars32(count: number, seed: number): { images: tf.Tensor; labels: tf.Tensor } {
  const { images, labels } = barTensors(count, seed);
  const padded = tf.tidy(() => images.pad([[0, 0], [2, 2], [2, 2]]));
  images.dispose();
  return { images: padded, labels };
}

let mnist: Tensors;
let custom: Tensors;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  installAnimationFrame();
  const train = barTensors(400, 1);
  const test = barTensors(100, 2);
  mnist = { trainImages: train.images, trainLabels: train.labels, testImages: test.images, testLabels: test.labels };
  const train32 = bars32(400, 3);
  const test32 = bars32(100, 4);
  custom = { trainImages: train32.images, trainLabels: train32.labels, testImages: test32.images, testLabels: test32.labels };
});

afterAll(() => tf.dispose([...Object.values(mnist), ...Object.values(custom)]));

async function until(service: TrainingService, pred: (s: TrainingStatus) => boolean, what: string, timeoutMs = 60_000): Promise<TrainingStatus> {
  const started = Date.now();
  while (!pred(service.getStatus())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; phase ${service.getStatus().phase}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return service.getStatus();
}

describe('TrainingService on a dataset of 32x32 images', () => {
  it('builds the model for 32x32 input, trains, evaluates every test image, and its sample history uses the same size', async () => {
    await expectNoLeak(async () => {
      const dataset = new FakeDataset(custom);
      dataset.use(FASHION, custom);
      const service = new TrainingService(dataset);
      service.setSample('test', 5);
      await service.train(tinySettings({ epochs: 1 }));
      const s = await until(service, (x) => x.phase === 'done', 'done');
      expect(service.currentModel()?.inputs[0].shape).toEqual([null, 1024]);
      expect(s.test?.count).toBe(100);
      expect(s.test?.confusion.flat().reduce((a, b) => a + b, 0)).toBe(100);
      // Another sample's history is recomputed on a probe model built for the same 32x32 input.
      service.setSample('train', 1);
      const other = await until(service, (x) => x.sample?.index === 1 && !x.sample.pending, 'history of another sample');
      expect(other.sample?.history.map((h) => h.epoch)).toEqual([1]);
      expect(other.sample?.probabilities).toHaveLength(10);
      await service.reset();
      service.dispose();
    });
  });

  it('refuses a layer list too deep for the images with the spec message, and builds nothing', async () => {
    await expectNoLeak(async () => {
      const small = tf.tidy(() => ({ images: custom.trainImages.slice([0, 0, 0], [400, 12, 12]), test: custom.testImages.slice([0, 0, 0], [100, 12, 12]) }));
      const dataset = new FakeDataset(custom);
      dataset.use({ ...FASHION, name: 'tiny', rows: 12, cols: 12 }, { ...custom, trainImages: small.images, testImages: small.test });
      const service = new TrainingService(dataset);
      await service.train(tinySettings({ model: CNN_PRESET }));
      const s = service.getStatus();
      expect(s.phase).toBe('idle');
      expect(s.message?.kind).toBe('info');
      expect(s.message?.text).toMatch(/^Cannot train: Layer 3 \(conv2d\): its 5x5 kernel is larger than its 4x4 input.*needs images of at least 16x16 pixels, and this dataset's are 12x12/);
      expect(service.currentModel()).toBeNull();
      service.dispose();
      tf.dispose([small.images, small.test]);
    });
  });
});

describe('TrainingService when the dataset in use changes', () => {
  it('a new dataset mid-run disposes the model and the run (as Reset does) and says which dataset replaced which', async () => {
    await expectNoLeak(async () => {
      const dataset = new FakeDataset(mnist);
      const service = new TrainingService(dataset);
      await service.train(tinySettings({ epochs: 5, batchSize: 8 }));
      await until(service, (x) => x.checkpointEpoch === 1, 'a finished epoch');
      expect(service.currentModel()).not.toBeNull();

      dataset.use(FASHION, custom);
      const s = await until(service, (x) => x.message?.kind === 'info', 'the reset message');
      expect(s.message?.text).toBe('The dataset changed to Fashion-32 (train-images-idx3-ubyte.gz, …), so the model trained on MNIST was reset.');
      expect(s.phase).toBe('idle');
      expect(s.run).toBeNull();
      expect(s.test).toBeNull();
      expect(s.checkpointEpoch).toBeNull();
      expect(service.series.length).toBe(0);
      expect(service.epochs).toEqual([]);
      expect(service.currentModel()).toBeNull();

      // Train again: a new model for the new images.
      await service.train(tinySettings({ epochs: 1 }));
      await until(service, (x) => x.phase === 'done', 'trained on the new dataset');
      expect(service.currentModel()?.inputs[0].shape).toEqual([null, 1024]);
      expect(service.getStatus().message).toBeNull();

      // Back to MNIST: loading (no tensors yet) is already another dataset.
      dataset.use(MNIST_SOURCE, null, 'starting');
      const back = await until(service, (x) => x.message?.kind === 'info', 'the reset message');
      expect(back.message?.text).toBe('The dataset changed to MNIST, so the model trained on Fashion-32 (train-images-idx3-ubyte.gz, …) was reset.');
      expect(service.currentModel()).toBeNull();
      service.dispose();
    });
  });

  it('the same files loaded again (new tensors) also reset; status updates of the same dataset do not', async () => {
    await expectNoLeak(async () => {
      const dataset = new FakeDataset(custom);
      dataset.use(FASHION, custom);
      const service = new TrainingService(dataset);
      await service.train(tinySettings({ epochs: 1 }));
      await until(service, (x) => x.phase === 'done', 'done');
      dataset.use(FASHION, custom);
      dataset.use({ ...FASHION }, { ...custom });
      await new Promise((r) => setTimeout(r, 30));
      expect(service.getStatus().phase, 'the same tensors under an equal source: nothing changed').toBe('done');
      expect(service.currentModel()).not.toBeNull();

      const copy = tf.clone(custom.trainImages);
      dataset.use({ ...FASHION, classNames: null }, { ...custom, trainImages: copy });
      const s = await until(service, (x) => x.message?.kind === 'info', 'the reset message');
      expect(s.message?.text).toBe('The dataset Fashion-32 (train-images-idx3-ubyte.gz, …) was loaded again, so the model trained on it was reset.');
      expect(service.currentModel()).toBeNull();
      service.dispose();
      copy.dispose();
    });
  });

  it('does nothing when there is no model, and Reset forgets the dataset the model was trained on', async () => {
    const dataset = new FakeDataset(mnist);
    const service = new TrainingService(dataset);
    dataset.use(FASHION, custom);
    await new Promise((r) => setTimeout(r, 20));
    expect(service.getStatus().message).toBeNull();
    await service.train(tinySettings({ epochs: 1 }));
    await until(service, (x) => x.phase === 'done', 'done');
    await service.reset();
    dataset.use(MNIST_SOURCE, mnist);
    await new Promise((r) => setTimeout(r, 20));
    expect(service.getStatus().message).toBeNull();
    service.dispose();
  });
});
