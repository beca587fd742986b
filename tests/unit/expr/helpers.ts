/** Small fixture tensors and a cell runner for the expression-language tests (cpu backend). */
import * as tf from '@tensorflow/tfjs';
import { Namespace, disposeOutput, evaluateCell } from '../../../src/expr/evaluate';
import { PyError } from '../../../src/expr/errors';
import { formatPrinted, toPython } from '../../../src/expr/print';
import type { Value } from '../../../src/expr/values';
import { NdArray, NpScalar, PyFloat, PyList, PyTuple, isTensor } from '../../../src/expr/values';
import type { DType } from '../../../src/expr/dtypes';
import { STORAGE } from '../../../src/expr/dtypes';
import { expectNoLeak } from '../leak';

/** images [5, 4, 4] int32 with value 16*i + 4*r + c; labels [5] = [3, 1, 4, 1, 5]; f [4] float32; m [2, 3] int32. */
export function createFixtures(): { namespace: Namespace; dispose: () => void } {
  const tensors = {
    images: tf.tensor3d(Array.from({ length: 80 }, (_, k) => k), [5, 4, 4], 'int32'),
    labels: tf.tensor1d([3, 1, 4, 1, 5], 'int32'),
    f: tf.tensor1d([0.5, -1.5, 2.25, 0], 'float32'),
    m: tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32'),
    b: tf.tensor1d([true, false, true, false, true], 'bool'),
    neg: tf.tensor1d([-7, 7, -7, 7, 0], 'int32'),
  };
  const namespace = new Namespace();
  // The int fixtures are int32 arrays (NumPy semantics for int32, so the expectations read as NumPy's on int32).
  for (const [name, t] of Object.entries(tensors)) namespace.provide(name, t, t.dtype === 'int32' ? 'int32' : t.dtype === 'bool' ? 'bool' : 'float32');
  return {
    namespace,
    dispose: () => {
      namespace.dispose();
      for (const t of Object.values(tensors)) t.dispose();
    },
  };
}

/** A NumPy array of `dtype` holding `values` (shape: 1-D unless given), for direct calls. Call inside tf.tidy or dispose. */
export function arr(values: number[] | boolean[] | number[][], dtype: DType, shape?: number[]): NdArray {
  return new NdArray(tf.tensor(values as number[], shape, STORAGE[dtype]), dtype);
}

/** Runs a cell and renders it as a cell would: printed text, then the Out value (or the error). */
export async function run(namespace: Namespace, source: string): Promise<string> {
  const result = evaluateCell(source, namespace);
  try {
    const printed = await formatPrinted(result.ok ? result.value.printed : result.printed);
    if (!result.ok) return printed + result.error;
    // Like Jupyter, a None result shows nothing.
    const value = result.value.value;
    const out = value === undefined || value === null ? '' : await toPython(value);
    return printed + out;
  } finally {
    disposeOutput(result.ok ? result.value : result);
  }
}

/** The message of the PyError `body` raises inside tf.tidy ('no error' if none); other errors propagate. */
export function pyErrorMessage(body: () => unknown): string {
  try {
    tf.tidy(() => void body());
  } catch (e) {
    if (e instanceof PyError) return e.message;
    throw e;
  }
  return 'no error';
}

/** A value as plain data to compare: tensors as { dtype, shape, values }, floats as { float }, sequences as arrays. */
export function plainValue(v: Value): unknown {
  if (isTensor(v)) return { dtype: v.dtype, shape: v.shape, values: Array.from(v.tensor.dataSync()) };
  if (v instanceof NpScalar) return { dtype: v.dtype, scalar: v.value };
  if (v instanceof PyFloat) return { float: v.value };
  if (v instanceof PyTuple || v instanceof PyList) return v.items.map(plainValue);
  return v;
}

/** Runs `body` in tf.tidy, returns its value as plainValue, and fails the test if a tensor is left behind. */
export async function tidyPlain(body: () => Value): Promise<unknown> {
  return expectNoLeak(() => tf.tidy(() => [plainValue(body())] as never)[0]);
}
