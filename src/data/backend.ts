/** Chooses the tfjs backend: webgl if this browser can, else cpu with a notice. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';

export interface BackendChoice {
  backend: string;
  notice: string | null;
}

/** Sets up webgl (falls back to cpu); never throws. */
export async function chooseBackend(preferred: 'webgl' | 'cpu' = 'webgl'): Promise<BackendChoice> {
  // Software WebGL (SwiftShader, no GPU) is still much faster than the cpu backend.
  tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  if (preferred === 'webgl') {
    try {
      if (await tf.setBackend('webgl')) {
        await tf.ready();
        const backend = tf.backend() as MathBackendWebGL;
        // The dataset alone is ~220 MB; tfjs would otherwise warn of a "memory leak" at a screen-size-based bound.
        (backend as unknown as { numMBBeforeWarning: number }).numMBBeforeWarning = 4096;
        return { backend: 'webgl', notice: null };
      }
    } catch {
      // Fall through to cpu.
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return {
    backend: 'cpu',
    notice: preferred === 'webgl' ? 'WebGL is not available in this browser (disabled, blocked or unsupported), so the tensors live on the cpu backend: everything works, more slowly.' : 'Running on the cpu backend, as requested.',
  };
}

/** Calls `onLost` if the webgl backend's context is lost; returns an unsubscribe function. */
export function onContextLost(onLost: () => void): () => void {
  if (tf.getBackend() !== 'webgl') return () => {};
  const canvas = (tf.backend() as MathBackendWebGL).gpgpu.gl.canvas as EventTarget;
  const handler = () => onLost();
  canvas.addEventListener('webglcontextlost', handler);
  return () => canvas.removeEventListener('webglcontextlost', handler);
}

/** Releases GPU textures freed during loading rather than keeping them pooled (bytes; -1 keeps all). */
export function setTexturePoolLimit(bytes: number): void {
  if (tf.getBackend() === 'webgl') tf.env().set('WEBGL_DELETE_TEXTURE_THRESHOLD', bytes);
}

/** tf.memory() as plain numbers. */
export function memorySnapshot(): { numTensors: number; numBytes: number; numBytesInGPU: number | null; numBytesInGPUAllocated: number | null } {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number; numBytesInGPUAllocated?: number };
  return { numTensors: m.numTensors, numBytes: m.numBytes, numBytesInGPU: m.numBytesInGPU ?? null, numBytesInGPUAllocated: m.numBytesInGPUAllocated ?? null };
}

/** Flags that follow WEBGL_PACK; tfjs caches them on first read, so they are switched together. */
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
] as const;

/**
 * Runs synchronous tensor ops with packed WebGL textures off (e.g. taking rows of the resident
 * dataset, whose textures are unpacked: a packed gather or slice would first repack all 47 M
 * values, ~600 ms per batch on a software GPU, instead of ~5 ms). Restores the flags after.
 */
export function withUnpackedSync<T>(work: () => T): T {
  if (tf.getBackend() !== 'webgl') return work();
  const saved = PACK_FLAGS.map((f) => [f, tf.env().getBool(f)] as const);
  PACK_FLAGS.forEach((f) => tf.env().set(f, false));
  try {
    return work();
  } finally {
    saved.forEach(([f, v]) => tf.env().set(f, v));
  }
}

/**
 * Runs `work` with packed WebGL textures off. Loading is reshapes, transposes and copies, which
 * are free or one pass on unpacked textures but need repacking passes on packed ones (measured
 * here: 2.5 s instead of 6-9 s for all 70k images on a software GPU). Restores the flags after.
 */
export async function withUnpackedTextures<T>(work: () => Promise<T>): Promise<T> {
  if (tf.getBackend() !== 'webgl') return work();
  const saved = PACK_FLAGS.map((f) => [f, tf.env().getBool(f)] as const);
  PACK_FLAGS.forEach((f) => tf.env().set(f, false));
  try {
    return await work();
  } finally {
    saved.forEach(([f, v]) => tf.env().set(f, v));
  }
}
