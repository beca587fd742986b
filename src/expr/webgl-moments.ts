/**
 * One WebGL pass for the sums and sums of squares of an integer array, per chunk: the kernel's std() and
 * var() of the 47 M training pixels otherwise cost three passes (a sum, 47 M squares written, their sum).
 * A custom program through the WebGL backend's compileAndRun; other backends get null (and the caller
 * uses plain ops). Partials stay exact: the caller picks chunks whose sums of squares stay below 2**24.
 */
import * as tf from '@tensorflow/tfjs';

interface WebGLBackendLike {
  compileAndRun(program: { variableNames: string[]; outputShape: number[]; userCode: string }, inputs: tf.TensorInfo[], outputDtype?: tf.DataType): tf.TensorInfo;
}

/**
 * [rows, 2] float32 partials of a 1-D tensor read as [rows, chunk]: column 0 the chunk's sum, column 1
 * its sum of squares; null off WebGL. Call inside tf.tidy (the result is tracked like any op's).
 */
export function webglChunkMoments(flat: tf.Tensor, chunk: number): tf.Tensor | null {
  return run(flat, chunk, 2, `
        s += coords.y == 0 ? v : v * v;`);
}

function run(flat: tf.Tensor, chunk: number, columns: number, body: string): tf.Tensor | null {
  if (tf.getBackend() !== 'webgl' || flat.size % chunk !== 0) return null;
  const backend = tf.backend() as unknown as Partial<WebGLBackendLike>;
  if (typeof backend.compileAndRun !== 'function') return null;
  const rows = flat.size / chunk;
  const x = tf.reshape(flat, [rows, chunk]);
  const program = {
    variableNames: ['A'],
    outputShape: [rows, columns],
    userCode: `
      void main() {
        ivec2 coords = getOutputCoords();
        float s = 0.0;
        for (int k = 0; k < ${chunk}; k++) {
          float v = getA(coords.x, k);${body}
        }
        setOutput(s);
      }`,
  };
  return tf.engine().makeTensorFromTensorInfo(backend.compileAndRun(program, [x], 'float32'));
}
