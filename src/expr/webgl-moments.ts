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
  customUniforms?: { name: string; type: 'float' | 'vec3' }[];
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
 * and the operator are uniforms, so one program (one shader compile) serves every comparison of a shape.
 * Call inside tf.tidy.
 */
export function webglChunkCounts(flat: tf.Tensor, chunk: number, op: CountOp, scalar: number): tf.Tensor | null {
  const counts = run(flat, chunk, 1, `
        float d = v - threshold;
        s += dot(outcome, vec3(d < 0.0, d == 0.0, d > 0.0));`, [scalar, ...OUTCOMES[op]]);
  return counts && tf.reshape(counts, [counts.shape[0]]);
}

export type CountOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
/** Which of below / equal / above each operator counts (the `outcome` uniform). */
const OUTCOMES: Record<CountOp, [number, number, number]> = { '==': [0, 1, 0], '!=': [1, 0, 1], '<': [1, 0, 0], '<=': [1, 1, 0], '>': [0, 0, 1], '>=': [0, 1, 1] };

/**
 * A 1-D tensor of bytes (values 0..255) packed three to a float32 item, b0 + 256 b1 + 65536 b2 (exact below
 * 2**24), in one pass that reads each item once; null off WebGL. Call inside tf.tidy.
 */
export function webglPackBytes(flat: tf.Tensor): tf.Tensor | null {
  if (tf.getBackend() !== 'webgl' || flat.rank !== 1) return null;
  const backend = tf.backend() as unknown as Partial<WebGLBackendLike>;
  if (typeof backend.compileAndRun !== 'function') return null;
  const n = flat.size;
  const program: Program = {
    variableNames: ['A'],
    outputShape: [Math.ceil(n / 3)],
    userCode: `
      void main() {
        int i = getOutputCoords() * 3;
        float b0 = getA(i);
        float b1 = i + 1 < ${n} ? getA(i + 1) : 0.0;
        float b2 = i + 2 < ${n} ? getA(i + 2) : 0.0;
        setOutput(b0 + 256.0 * b1 + 65536.0 * b2);
      }`,
  };
  return tf.engine().makeTensorFromTensorInfo(backend.compileAndRun(program, [flat], 'float32'));
}

function run(flat: tf.Tensor, chunk: number, columns: number, body: string, comparison?: number[]): tf.Tensor | null {
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
  if (comparison === undefined) return tf.engine().makeTensorFromTensorInfo(backend.compileAndRun(program, [x], 'float32'));
  program.customUniforms = [
    { name: 'threshold', type: 'float' },
    { name: 'outcome', type: 'vec3' },
  ];
  return tf.engine().makeTensorFromTensorInfo(backend.compileAndRun(program, [x], 'float32', [[comparison[0]], comparison.slice(1)]));
}
