/**
 * One WebGL pass per chunk for the sums and sums of squares of an integer array (std() and var() of int
 * arrays otherwise cost three passes: a sum, 47 M squares written, their sum), and for counts of a
 * comparison with a scalar ((x > 0).sum() otherwise writes the 47 M-item mask, then casts it).
 * A custom program through the WebGL backend's compileAndRun; other backends get null (and the caller
 * uses plain ops). Partials stay exact: the caller picks chunks whose sums of squares stay below 2**24.
 */
import * as tf from '@tensorflow/tfjs';

interface Program {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  customUniforms?: { name: string; type: 'float' }[];
}

interface WebGLBackendLike {
  compileAndRun(program: Program, inputs: tf.TensorInfo[], outputDtype?: tf.DataType, customUniformValues?: number[][]): tf.TensorInfo;
}

/**
 * [rows, 2] float32 partials of a 1-D tensor read as [rows, chunk]: column 0 the chunk's sum, column 1
 * its sum of squares; null off WebGL. Call inside tf.tidy (the result is tracked like any op's).
 */
export function webglChunkMoments(flat: tf.Tensor, chunk: number): tf.Tensor | null {
  return run(flat, chunk, 2, `
        s += coords.y == 0 ? v : v * v;`);
}

/**
 * [rows] float32 counts of the items of a 1-D tensor read as [rows, chunk] for which `item op scalar` holds
 * (compared in float32, as WebGL's comparison ops do), without writing the mask; null off WebGL. The scalar
 * is a uniform, so one program serves every threshold. Call inside tf.tidy.
 */
export function webglChunkCounts(flat: tf.Tensor, chunk: number, op: '==' | '!=' | '<' | '<=' | '>' | '>=', scalar: number): tf.Tensor | null {
  const counts = run(flat, chunk, 1, `
        s += v ${op} threshold ? 1.0 : 0.0;`, scalar);
  return counts && tf.reshape(counts, [counts.shape[0]]);
}

function run(flat: tf.Tensor, chunk: number, columns: number, body: string, threshold?: number): tf.Tensor | null {
  if (tf.getBackend() !== 'webgl' || flat.size % chunk !== 0) return null;
  const backend = tf.backend() as unknown as Partial<WebGLBackendLike>;
  if (typeof backend.compileAndRun !== 'function') return null;
  const rows = flat.size / chunk;
  const x = tf.reshape(flat, [rows, chunk]);
  const program: Program = {
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
  if (threshold === undefined) return tf.engine().makeTensorFromTensorInfo(backend.compileAndRun(program, [x], 'float32'));
  program.customUniforms = [{ name: 'threshold', type: 'float' }];
  return tf.engine().makeTensorFromTensorInfo(backend.compileAndRun(program, [x], 'float32', [[threshold]]));
}
