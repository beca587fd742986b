/**
 * A split's image tensor filled straight from the host, sheet by sheet, into the texture it keeps.
 *
 * tf.tensor() on WebGL uploads its values to a staging texture and then runs an encode program that
 * writes every item of the tensor's texture once more: for MNIST's 47 M training pixels that pass alone
 * took 0.75 s of SwiftShader's time here (2.5 s for the whole upload), and joining per-sheet tensors with
 * tf.concat is one more pass. Here the tensor's texture is allocated by TensorFlow.js as for any unpacked
 * int32 tensor (a float texture, one item per texel, row-major over texShape) and the pixels are written
 * into it with texSubImage2D, at most three rectangles per sheet: 0.24 s for the 60,000 images here.
 * The layout this relies on is checked: the loader compares images at every sheet's edges with the bytes.
 */
import * as tf from '@tensorflow/tfjs';

/** The parts of TensorFlow.js' WebGL backend used here (present in 4.x; checked before use). */
interface WebGLBackendParts {
  gpgpu: { gl: WebGL2RenderingContext };
  makeTensorInfo(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  uploadToGPU(dataId: object): void;
  texData: { get(dataId: object): { texture?: { texture: WebGLTexture } | null; texShape?: [number, number]; isPacked?: boolean } };
}

/** An int32 tensor being filled; the tensor is the caller's to dispose. */
export interface Fillable<T extends tf.Tensor> {
  /** Its items are undefined until written. */
  tensor: T;
  /**
   * Writes rows (items along the first axis) from `first`: their values in C order, as bytes or already
   * as floats (a worker can convert them off the main thread).
   */
  write(first: number, values: Uint8Array | Float32Array): void;
}

export type FillableImages = Fillable<tf.Tensor3D>;

function webglParts(): WebGLBackendParts | null {
  if (tf.getBackend() !== 'webgl' || tf.env().getNumber('WEBGL_VERSION') !== 2) return null;
  const b = tf.backend() as unknown as Partial<WebGLBackendParts>;
  const ok = typeof b.makeTensorInfo === 'function' && typeof b.uploadToGPU === 'function' && typeof b.texData?.get === 'function' && b.gpgpu?.gl !== undefined;
  return ok ? (b as WebGLBackendParts) : null;
}

/** A [count, rows, cols] int32 tensor filled from the host (see createFillable); null where that does not apply. */
export function createFillableImages(count: number, rows: number, cols: number): FillableImages | null {
  return createFillable<tf.Tensor3D>([count, rows, cols]);
}

/**
 * An int32 tensor of `shape` whose unpacked float texture takes writes from the host; null where this
 * does not apply (not WebGL 2, an empty shape, or the backend made a packed texture): upload another way then.
 */
export function createFillable<T extends tf.Tensor>(shape: number[]): Fillable<T> | null {
  const backend = webglParts();
  const count = shape[0] ?? 0;
  if (!backend || shape.length === 0 || shape.some((d) => d === 0)) return null;
  const info = backend.makeTensorInfo(shape, 'int32');
  const tensor = tf.engine().makeTensorFromTensorInfo(info) as T;
  backend.uploadToGPU(info.dataId);
  const data = backend.texData.get(info.dataId);
  const texture = data.texture?.texture;
  const texShape = data.texShape;
  if (!texture || !texShape || data.isPacked) {
    tensor.dispose();
    return null;
  }
  const gl = backend.gpgpu.gl;
  const width = texShape[1];
  const per = tensor.size / count;
  let scratch = new Float32Array(0);
  return {
    tensor,
    write(first, given) {
      if (first < 0 || given.length % per !== 0 || first + given.length / per > count) throw new RangeError(`rows [${first}, ${first + given.length / per}) do not fit a tensor of ${count}`);
      let values: Float32Array;
      if (given instanceof Float32Array) values = given;
      else {
        if (scratch.length < given.length) scratch = new Float32Array(given.length);
        values = scratch.subarray(0, given.length);
        for (let i = 0; i < given.length; i++) values[i] = given[i];
      }
      gl.bindTexture(gl.TEXTURE_2D, texture);
      // Items [start, end) of the flat texture: a partial first row, whole rows, a partial last row.
      let at = first * per;
      let i = 0;
      const rect = (x: number, y: number, w: number, h: number) => {
        gl.texSubImage2D(gl.TEXTURE_2D, 0, x, y, w, h, gl.RED, gl.FLOAT, values.subarray(i, i + w * h));
        i += w * h;
        at += w * h;
      };
      if (at % width !== 0) rect(at % width, Math.floor(at / width), Math.min(width - (at % width), values.length), 1);
      const whole = Math.floor((values.length - i) / width);
      if (whole > 0) rect(0, at / width, width, whole);
      if (i < values.length) rect(0, at / width, values.length - i, 1);
      gl.bindTexture(gl.TEXTURE_2D, null);
    },
  };
}
