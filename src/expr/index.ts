/** The notebook's expression language: parse and run a cell's text on tensors; print results as Python would. */
import * as tf from '@tensorflow/tfjs';
import { SPLIT_VARIABLES } from '../data/format';
import type { SplitName } from '../data/format';
import type { Namespace } from './evaluate';
import { provideHostBytes } from './host-bytes';
export { whileCellRuns } from './host-bytes';
import { warmUpCounts } from './reductions';
import { warmHistogram } from './byte-histogram';

export type { BinaryOp, CompareOp, Expr, Program, Statement } from './ast';
export type { ExprFailure, ExprResult, SourceSpan, SyntaxFailure } from './errors';
export { formatFailure } from './errors';
export type { CellFailure, CellOutput, PrintCall } from './evaluate';
export { Namespace, disposeOutput, evaluateCell, evaluateProgram } from './evaluate';
export { MAX_TREE_DEPTH, parseExpression, parseProgram } from './parse';
export type { PrintStyle, ValueDescription, ValueKind } from './print';
export { describeValue, formatPrinted, toPython } from './print';
export { MAX_RESULT_ELEMENTS } from './tensors';
export { MAX_SOURCE_LENGTH, MAX_TOKENS } from './tokenize';
export type { Value } from './values';
export { NdArray, NpScalar, PyOpaque, disposeValue } from './values';
import { isTensor } from './values';
import type { Value as ArrayValue } from './values';
export type { DType } from './dtypes';

/**
 * Provides a split's tensors under the lesson's names (training_images, training_labels, ...):
 * images [n, rows, cols] and labels [n], int32 tensors seen as uint8 arrays (as the lesson loads the
 * IDX files); borrowed, so the caller keeps owning and disposing them. `imageBytes`, when the dataset
 * has them, are the images' bytes as the tensor holds them (borrowed, never changed): whole-array
 * reductions and NumPy's float64 loops then read them instead of the GPU.
 */
export function provideSplit(namespace: Namespace, split: SplitName, images: tf.Tensor, labels: tf.Tensor, imageBytes?: Uint8Array | null): void {
  namespace.provide(SPLIT_VARIABLES[split].images, images, 'uint8');
  namespace.provide(SPLIT_VARIABLES[split].labels, labels, 'uint8');
  if (imageBytes && imageBytes.length === images.size) {
    provideHostBytes(images, imageBytes);
    setTimeout(() => void warmHistogram(images), 0);
    return;
  }
  // Without them: one fused count at once, so the first (x > 0).sum() finds its shader compiled; then the
  // images' bytes copied to the host in the background, for NumPy's float64 loops (std, (x / 255).mean()).
  if (tf.getBackend() === 'webgl') {
    setTimeout(() => void warmUpCounts(images).catch(() => undefined), 0);
    provideHostBytes(images);
  }
}

/** An array value's exact host values in C order (small arrays computed on the host), or null. */
export function exactValues(value: ArrayValue): Float64Array | null {
  return isTensor(value) ? (value.exact ?? null) : null;
}

/** The tensor holding an array value (to draw or read it), or null for scalars and other values. */
export function tensorOf(value: ArrayValue): tf.Tensor | null {
  return isTensor(value) ? value.tensor : null;
}
