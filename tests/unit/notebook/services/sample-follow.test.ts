/** SampleFollower's maps: each method's programs compiled once per set of test images, and a PCA map whose programs all compiled runs without waiting for UMAP's compile. */
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as EmbeddingModule from '../../../../src/model/embedding';
import type { DatasetTensors } from '../../../../src/data/dataset-api';
import { compilePieces, compilesSettled } from '../../../../src/model/warm-up';
import { EMBEDDING_SHAPES, SampleFollower, type SampleContext } from '../../../../src/notebook/services/sample-follow';
import { expectNoLeak } from '../../leak';

// The real precompilePca (a no-op on the cpu backend), its calls recorded.
vi.mock('../../../../src/model/embedding', async (importOriginal) => {
  const real = await importOriginal<typeof EmbeddingModule>();
  return { ...real, precompilePca: vi.fn(real.precompilePca) };
});
const { precompilePca } = await import('../../../../src/model/embedding');

function follower(tensors: () => DatasetTensors | null): SampleFollower {
  const ctx: SampleContext = { model: () => null, probeModel: () => null, tensors, generation: () => 0, shown: () => null, show: () => {} };
  return new SampleFollower(ctx);
}
const testSet = (n: number) => ({ testImages: tf.zeros([n, 4, 4], 'int32') }) as unknown as DatasetTensors;
const randomSet = (n: number) => ({ testImages: tf.randomUniformInt([n, 4, 4], 0, 256, 3) }) as unknown as DatasetTensors;

afterEach(() => vi.mocked(precompilePca).mockClear());

describe('SampleFollower.prepareEmbedding', () => {
  it("compiles only the asked method's map, once per set of test images, and again for new ones", async () => {
    const first = testSet(20);
    const second = testSet(20);
    let current: DatasetTensors | null = first;
    const f = follower(() => current);
    await expectNoLeak(async () => {
      await f.prepareEmbedding('pca');
      await f.prepareEmbedding('pca');
      const shapes = () => vi.mocked(precompilePca).mock.calls.map(([images, count, fitEvery]) => [images, count, fitEvery]);
      expect(shapes()).toEqual([[first.testImages, ...EMBEDDING_SHAPES.pca]]);
      await f.prepareEmbedding('umap');
      expect(shapes()).toEqual([
        [first.testImages, ...EMBEDDING_SHAPES.pca],
        [first.testImages, ...EMBEDDING_SHAPES.umap],
      ]);
      current = second;
      await f.prepareEmbedding('pca');
      expect(shapes().at(-1)).toEqual([second.testImages, ...EMBEDDING_SHAPES.pca]);
      expect(shapes()).toHaveLength(3);
    });
    tf.dispose([first.testImages, second.testImages]);
  });

  it('compiles nothing before the test images are in tensors, and does once they are', async () => {
    let current: DatasetTensors | null = null;
    const f = follower(() => current);
    await f.prepareEmbedding('pca');
    expect(precompilePca).not.toHaveBeenCalled();
    current = testSet(10);
    await f.prepareEmbedding('pca');
    expect(precompilePca).toHaveBeenCalledTimes(1);
    tf.dispose(current.testImages);
  });
});

describe('SampleFollower.embedding while another compile is in flight', () => {
  it('runs a map whose programs all compiled ahead at once, and waits with any other until the compile ends', async () => {
    const set = randomSet(40);
    const f = follower(() => set);
    // As on webgl: PCA's programs compiled ahead, UMAP's not.
    vi.mocked(precompilePca).mockResolvedValueOnce(true);
    await f.prepareEmbedding('pca');
    let open = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const inFlight = compilePieces({ checkCompileCompletionAsync: () => gate, getUniformLocations: () => {} }, [() => tf.zeros([1])], async () => {});
    const order: string[] = [];
    await expectNoLeak(async () => {
      const pca = f.embedding(false, 'pca').then((c) => (order.push('pca'), c));
      const umapShape = f.embedding(false, 'umap').then((c) => (order.push('umap'), c));
      await expect.poll(() => order).toEqual(['pca']);
      expect((await pca)?.coords.length, "the 40 images' two coordinates").toBe(80);
      open();
      await inFlight;
      expect((await umapShape)?.count, 'at most the features: 16 pixels').toBe(16);
      expect(order).toEqual(['pca', 'umap']);
    });
    await compilesSettled();
    tf.dispose(set.testImages);
  });
});

