/** Runtime values of the expression language: tfjs tensors, Python scalars, tuples, lists, strings and a few objects. */
import type * as tf from '@tensorflow/tfjs';
import type { DType } from './dtypes';
import { STORAGE } from './dtypes';
import { PyError } from './errors';
import type { SourceSpan } from './errors';

/** A Python float (JS numbers alone would print 3.0 as 3): Python ints are plain integral JS numbers. */
export class PyFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

/** An immutable Python tuple, e.g. a shape (60000, 28, 28). */
export class PyTuple {
  readonly items: readonly Value[];
  constructor(items: readonly Value[]) {
    this.items = items;
  }
}

/** A Python list literal: used for integer-array indexing and np.array([...]). */
export class PyList {
  readonly items: readonly Value[];
  constructor(items: readonly Value[]) {
    this.items = items;
  }
}

/** A numpy dtype object (np.float32, x.dtype). */
export class PyDType {
  readonly name: DType;
  constructor(name: DType) {
    this.name = name;
  }
}

/**
 * A NumPy array: a TensorFlow.js tensor holding the values (int32 for every integer dtype, float32 for
 * both float dtypes, bool) and the NumPy dtype the array has. Integer values always lie in the dtype's
 * range (uint8 0..255); the evaluator wraps them there as NumPy does.
 */
export class NdArray {
  readonly dtype: DType;
  /**
   * The exact values in C order, for small arrays computed on the host (float64 as float64, int64 past
   * int32): what prints and what host operations read. The tensor then holds them rounded to its storage.
   */
  readonly exact?: Float64Array;
  /** For a large float64 array computed item by item from one uint8 or bool array: its exact values, table[codes]. */
  readonly lookup?: Lookup;
  private held: tf.Tensor | null;
  private readonly pending: PendingTensor | null;

  /**
   * `tensor` is the tensor holding the values, or what computes it on first use, for a bool array
   * `source op scalar` and a float64 array with a lookup (inside the evaluation that made it: values
   * leaving an evaluation are kept copies of the tensor, so a lazy array never outlives it): `(x > 0).sum()`
   * then counts in one pass over x, and `(x / 255).mean()` never writes the 47 M-item quotient.
   */
  constructor(tensor: tf.Tensor | PendingTensor, dtype: DType, exact?: Float64Array, lookup?: Lookup) {
    this.dtype = dtype;
    this.exact = exact;
    this.lookup = lookup;
    if (isPending(tensor)) {
      if (exact || !(dtype === 'bool' ? tensor.comparison && !lookup : dtype === 'float64' && lookup)) throw new Error('NdArray: only a comparison or an array with a lookup is computed on first use');
      this.held = null;
      this.pending = tensor;
      return;
    }
    if (tensor.dtype !== STORAGE[dtype]) throw new Error(`NdArray: a ${dtype} array is held in ${STORAGE[dtype]}, not ${tensor.dtype}`);
    if (exact && exact.length !== tensor.size) throw new Error(`NdArray: ${exact.length} exact values for ${tensor.size} items`);
    if (lookup && (lookup.codes.size !== tensor.size || dtype !== 'float64')) throw new Error('NdArray: a lookup needs a float64 array and one code per item');
    this.held = tensor;
    this.pending = null;
  }

  /** The tensor holding the values (a lazy comparison computes it now, once). */
  get tensor(): tf.Tensor {
    this.held ??= (this.pending as PendingTensor).make();
    return this.held;
  }

  /** For a comparison of a large array with a scalar computed on first use: what it compares (a count can fuse it). */
  get comparison(): Comparison | undefined {
    return this.pending?.comparison;
  }

  /** False for a lazy comparison whose tensor has not been computed. */
  get computed(): boolean {
    return this.held !== null;
  }

  get shape(): number[] {
    return this.held ? this.held.shape : (this.pending as PendingTensor).shape;
  }
  get rank(): number {
    return this.shape.length;
  }
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
}

function isPending(t: tf.Tensor | PendingTensor): t is PendingTensor {
  return typeof (t as Partial<PendingTensor>).make === 'function';
}

/** A tensor still to compute: its shape, the comparison it holds (bool arrays), and how to make it. */
export interface PendingTensor {
  shape: number[];
  comparison?: Comparison;
  make(): tf.Tensor;
}

/** `source op scalar` item by item, compared in float32 or int32 storage as the comparison's tensor is. */
export interface Comparison {
  source: tf.Tensor;
  op: '==' | '!=' | '<' | '<=' | '>' | '>=';
  scalar: number;
}

/**
 * The values of a float64 array as table[code] per item: `codes` a tensor of the array's shape holding 0..255
 * (a uint8 or bool array's own tensor), `table` the float64 value of each code, computed with NumPy's
 * scalar arithmetic (so x / 255 keeps every item's float64 value although its tensor is float32).
 */
export interface Lookup {
  codes: tf.Tensor;
  table: Float64Array;
}

/**
 * A NumPy scalar (np.uint64(1567298545), np.float64(33.31...)): held on the host as a JS number, so
 * integers are exact to 2**53 and float64 is float64, whatever the GPU holds. Results of whole-array
 * reductions and of indexing one element are scalars, as in NumPy.
 */
export class NpScalar {
  readonly dtype: DType;
  private known: number | undefined;
  /**
   * What a deferred value is computed from: small tensors read back and finished (a whole-array reduction
   * on the GPU), or tensors a host computation takes as they are (`compute`, e.g. NumPy's float64 loop
   * over an array's bytes), with a synchronous and an asynchronous way to run it.
   */
  private readonly pending: Pending | null;

  constructor(value: number, dtype: DType) {
    this.known = value;
    this.dtype = dtype;
    this.pending = null;
  }

  private static withPending(pending: Pending, dtype: DType): NpScalar {
    const s = new NpScalar(0, dtype);
    s.known = undefined;
    (s as unknown as { pending: Pending }).pending = pending;
    return s;
  }

  /**
   * A scalar whose value is read back later: `await resolve()` reads it without blocking the page (a cell
   * showing `training_images.sum()` never waits on the GPU synchronously); `value` reads it at once.
   * The tensors belong to the scalar's owner (the evaluation scope, a kept output, a namespace entry).
   */
  static deferred(tensors: tf.Tensor[], finish: (data: ArrayLike<number>[]) => number, dtype: DType): NpScalar {
    return NpScalar.withPending({ tensors, finish }, dtype);
  }

  /** A scalar computed later from tensors by a host computation: `run` at once for `value`, `runAsync` for resolve(). The tensors are owned as for deferred. */
  static computed(tensors: tf.Tensor[], compute: HostComputation, dtype: DType): NpScalar {
    return NpScalar.withPending({ tensors, compute }, dtype);
  }

  /** The value; a deferred scalar reads its tensors back synchronously (dataSync). */
  get value(): number {
    if (this.known === undefined) {
      const pending = this.pending as Pending;
      this.known = 'compute' in pending ? pending.compute.run(pending.tensors) : pending.finish(pending.tensors.map((t) => t.dataSync() as ArrayLike<number>));
    }
    return this.known;
  }

  /** The value, read back asynchronously when deferred (await data()): what printing uses. */
  async resolve(): Promise<number> {
    if (this.known === undefined) {
      const pending = this.pending as Pending;
      if ('compute' in pending) {
        const v = await pending.compute.runAsync(pending.tensors);
        this.known ??= v;
      } else {
        const data = await Promise.all(pending.tensors.map((t) => t.data() as Promise<ArrayLike<number>>));
        this.known ??= pending.finish(data);
      }
    }
    return this.known;
  }

  /** The tensors a deferred scalar owns (its owner disposes them, read back or not). */
  get tensors(): readonly tf.Tensor[] {
    return this.pending ? this.pending.tensors : [];
  }

  /** The same scalar over `map`ped tensors (kept clones, when a value leaves its evaluation scope). */
  withTensors(map: (t: tf.Tensor) => tf.Tensor): NpScalar {
    if (this.known !== undefined || !this.pending) return new NpScalar(this.value, this.dtype);
    return NpScalar.withPending({ ...this.pending, tensors: this.pending.tensors.map(map) }, this.dtype);
  }
}

/** A host computation over tensors (see NpScalar.computed). */
export interface HostComputation {
  run(tensors: readonly tf.Tensor[]): number;
  runAsync(tensors: readonly tf.Tensor[]): Promise<number>;
}

type Pending = { tensors: tf.Tensor[]; finish: (data: ArrayLike<number>[]) => number } | { tensors: tf.Tensor[]; compute: HostComputation };

/** The answer of type(x): Python's repr plus, for tensors, a note on what numpy would say. */
export class PyType {
  readonly repr: string;
  constructor(repr: string) {
    this.repr = repr;
  }
}

/** Arguments as a call site sees them. */
export interface CallArgs {
  args: Value[];
  keywords: Map<string, Value>;
  span: SourceSpan;
}

/** A function or bound method: builtins, np.*, tensor methods. */
export class PyCallable {
  readonly name: string;
  readonly kind: 'builtin_function_or_method' | 'function' | 'method';
  readonly call: (call: CallArgs) => Value;
  constructor(name: string, kind: PyCallable['kind'], call: (call: CallArgs) => Value) {
    this.name = name;
    this.kind = kind;
    this.call = call;
  }
}

/** A namespace of attributes, like the module np. */
export class PyModule {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, Value>;
  constructor(name: string, attributes: ReadonlyMap<string, Value>) {
    this.name = name;
    this.attributes = attributes;
  }
}

/** Something the notebook puts in the namespace that the language can only name and print (a model, say). */
export class PyOpaque {
  readonly typeName: string;
  readonly repr: string;
  constructor(typeName: string, repr: string) {
    this.typeName = typeName;
    this.repr = repr;
  }
}

/** A slice object start:stop:step, as an index item. */
export class PySlice {
  readonly start: Value;
  readonly stop: Value;
  readonly step: Value;
  constructor(start: Value, stop: Value, step: Value) {
    this.start = start;
    this.stop = stop;
    this.step = step;
  }
}

/** Python's `...`. */
export const ELLIPSIS = new PyOpaque('ellipsis', 'Ellipsis');

/** Every value a name can hold or an expression can produce. Python ints are integral numbers, None is null. */
export type Value = NdArray | NpScalar | number | PyFloat | boolean | null | string | PyTuple | PyList | PyDType | PyType | PyCallable | PyModule | PyOpaque | PySlice;

/** An array value (NdArray); Python and NumPy scalars are not arrays. */
export function isTensor(v: Value): v is NdArray {
  return v instanceof NdArray;
}

/** Python's name for the type of `v`, as used in TypeError messages. */
export function typeName(v: Value): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'int';
  if (typeof v === 'string') return 'str';
  if (v instanceof PyFloat) return 'float';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof PyList) return 'list';
  if (v instanceof PyDType) return 'numpy.dtype';
  if (v instanceof PyType) return 'type';
  if (v instanceof PyCallable) return v.kind;
  if (v instanceof PyModule) return 'module';
  if (v instanceof PyOpaque) return v.typeName;
  if (v instanceof PySlice) return 'slice';
  if (v instanceof NpScalar) return `numpy.${v.dtype}`;
  return 'numpy.ndarray';
}

/** Every tensor inside a value (tuples and lists included), in order. */
export function tensorsIn(v: Value, out: tf.Tensor[] = []): tf.Tensor[] {
  if (isTensor(v)) {
    out.push(v.tensor);
    if (v.lookup) out.push(v.lookup.codes);
  } else if (v instanceof NpScalar) out.push(...v.tensors);
  else if (v instanceof PyTuple || v instanceof PyList) for (const item of v.items) tensorsIn(item, out);
  return out;
}

/** The same value with every tensor replaced by `map(tensor)`. */
export function mapTensors(v: Value, map: (t: tf.Tensor) => tf.Tensor): Value {
  if (isTensor(v)) return new NdArray(map(v.tensor), v.dtype, v.exact, v.lookup && { codes: map(v.lookup.codes), table: v.lookup.table });
  if (v instanceof NpScalar) return v.withTensors(map);
  if (v instanceof PyTuple) return new PyTuple(v.items.map((item) => mapTensors(item, map)));
  if (v instanceof PyList) return new PyList(v.items.map((item) => mapTensors(item, map)));
  return v;
}

/** Disposes every tensor inside a value (for results and namespace entries the caller owns). */
export function disposeValue(v: Value | undefined): void {
  if (v === undefined) return;
  for (const t of tensorsIn(v)) if (!t.isDisposed) t.dispose();
}

/** Python int check: an integral JS number (booleans are separate). */
export function isInt(v: Value): v is number {
  return typeof v === 'number';
}

/** A Python number (int, float or bool) as a JS number, or undefined. */
export function pyNumber(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof NpScalar) return v.value;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyFloat) return v.value;
  return undefined;
}

/** Wraps a JS number as a Python int when integral and `integer`, else as a float. */
export function pyNum(value: number, integer: boolean): Value {
  if (integer) {
    if (!Number.isSafeInteger(value)) throw new PyError('OverflowError', 'integer result too large for this notebook (beyond 2**53)');
    return value;
  }
  return new PyFloat(value);
}
