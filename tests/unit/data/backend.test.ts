import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { chooseBackend, memorySnapshot, onContextLost, setTexturePoolLimit, withUnpackedTextures } from '../../../src/data/backend';
import { expectNoLeak } from '../leak';

/** Lets a test make backend.ts believe the webgl backend is active (node has no WebGL); everything else is the real tfjs. */
const pretend = vi.hoisted(() => ({ backend: null as string | null }));
vi.mock('@tensorflow/tfjs', async (importOriginal) => {
  const actual = await importOriginal<typeof tf>();
  return { ...actual, getBackend: () => pretend.backend ?? actual.getBackend() };
});

/** The flags withUnpackedTextures switches together, spelled out here so a dropped one shows up. */
const PACK_FLAGS = [
  'WEBGL_PACK',
  'WEBGL_PACK_NORMALIZATION',
  'WEBGL_PACK_CLIP',
  'WEBGL_PACK_DEPTHWISECONV',
  'WEBGL_PACK_BINARY_OPERATIONS',
  'WEBGL_PACK_UNARY_OPERATIONS',
  'WEBGL_PACK_ARRAY_OPERATIONS',
  'WEBGL_PACK_IMAGE_OPERATIONS',
  'WEBGL_PACK_REDUCE',
  'WEBGL_LAZILY_UNPACK',
  'WEBGL_CONV_IM2COL',
  'WEBGL_PACK_CONV2DTRANSPOSE',
];

/** Sets every pack flag explicitly (alternating, so a restore to one constant value is caught); returns the values set. */
function setPackFlags(): boolean[] {
  const values = PACK_FLAGS.map((_, i) => i % 2 === 0);
  PACK_FLAGS.forEach((f, i) => tf.env().set(f, values[i]));
  return values;
}
const packFlags = () => PACK_FLAGS.map((f) => tf.env().getBool(f));

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterEach(() => {
  pretend.backend = null;
});

describe('chooseBackend', () => {
  it('uses the cpu backend when asked to, and says so', async () => {
    expect(await chooseBackend('cpu')).toEqual({ backend: 'cpu', notice: 'Running on the cpu backend, as requested.' });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('falls back to cpu with a notice when WebGL is not available (as in node)', async () => {
    const choice = await chooseBackend('webgl');
    expect(choice.backend).toBe('cpu');
    expect(choice.notice).toContain('WebGL is not available in this browser');
    expect(tf.getBackend()).toBe('cpu');
  });
});

describe('memorySnapshot', () => {
  it('gives tf.memory() as plain numbers, with no GPU bytes on the cpu backend', async () => {
    await expectNoLeak(() => {
      const before = memorySnapshot();
      expect(before).toEqual({ numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes, numBytesInGPU: null, numBytesInGPUAllocated: null });
      const t = tf.zeros([10, 28, 28], 'int32');
      try {
        const after = memorySnapshot();
        expect(after.numTensors).toBe(before.numTensors + 1);
        expect(after.numBytes).toBe(before.numBytes + 10 * 784 * 4);
      } finally {
        t.dispose();
      }
    });
  });
});

describe('withUnpackedTextures', () => {
  it('on the cpu backend just runs the work, returns its value and leaves the flags alone', async () => {
    const set = setPackFlags();
    await expectNoLeak(async () => {
      const seen: boolean[][] = [];
      const value = await withUnpackedTextures(async () => {
        seen.push(packFlags());
        const t = tf.tensor1d([1, 2, 3]);
        try {
          return Array.from(await t.data());
        } finally {
          t.dispose();
        }
      });
      expect(value).toEqual([1, 2, 3]);
      expect(seen).toEqual([set]);
    });
    expect(packFlags()).toEqual(set);
  });

  it('on the cpu backend passes the work’s error on, leaking nothing', async () => {
    await expectNoLeak(async () => {
      const failing = withUnpackedTextures(async () => {
        const t = tf.scalar(1);
        try {
          throw new Error('upload failed');
        } finally {
          t.dispose();
        }
      });
      await expect(failing).rejects.toThrow('upload failed');
    });
  });

  it('on webgl turns every pack flag off for the work and restores each one after', async () => {
    pretend.backend = 'webgl';
    const set = setPackFlags();
    let seen: boolean[] = [];
    expect(await withUnpackedTextures(async () => ((seen = packFlags()), 42))).toBe(42);
    expect(seen).toEqual(PACK_FLAGS.map(() => false));
    expect(packFlags()).toEqual(set);
  });

  it('on webgl restores the flags even when the work fails, and passes the error on', async () => {
    pretend.backend = 'webgl';
    const set = setPackFlags();
    const error = new Error('context lost');
    await expect(withUnpackedTextures(() => Promise.reject(error))).rejects.toBe(error);
    expect(packFlags()).toEqual(set);
  });
});

describe('setTexturePoolLimit and onContextLost', () => {
  it('change nothing on the cpu backend', () => {
    tf.env().set('WEBGL_DELETE_TEXTURE_THRESHOLD', 123);
    setTexturePoolLimit(0);
    expect(tf.env().getNumber('WEBGL_DELETE_TEXTURE_THRESHOLD')).toBe(123);
    const onLost = vi.fn();
    const unsubscribe = onContextLost(onLost);
    expect(() => unsubscribe()).not.toThrow();
    expect(onLost).not.toHaveBeenCalled();
  });

  it('setTexturePoolLimit sets the texture threshold on webgl', () => {
    pretend.backend = 'webgl';
    tf.env().set('WEBGL_DELETE_TEXTURE_THRESHOLD', 123);
    setTexturePoolLimit(256 * 1024 * 1024);
    expect(tf.env().getNumber('WEBGL_DELETE_TEXTURE_THRESHOLD')).toBe(256 * 1024 * 1024);
  });
});
