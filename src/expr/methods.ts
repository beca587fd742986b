/** Tensor attributes and bound methods (x.shape, x.sum(), x.reshape(...), x.astype(...)), and the dtype names they accept. */
import * as tf from '@tensorflow/tfjs';
import { bind, boolArg } from './args';
import { PyError } from './errors';
import { argReduce, reduce, type Reduction } from './reductions';
import type { DType } from './dtypes';
import { DTYPES, isFloatDType } from './dtypes';
import { followExact } from './host';
import { castArray, readSync, shapeText, sizeOf, toInt } from './tensors';
import type { CallArgs, Value , NdArray} from './values';
import { PyCallable, PyDType, PyFloat, PyList, PyTuple, typeName } from './values';

const DTYPE_NAMES: Record<string, DType> = {
  float32: 'float32', float64: 'float64', float: 'float64', f4: 'float32', f8: 'float64', double: 'float64', single: 'float32',
  int32: 'int32', int64: 'int64', int: 'int64', i4: 'int32', i8: 'int64', intc: 'int32', intp: 'int64',
  uint8: 'uint8', u1: 'uint8', ubyte: 'uint8', uint64: 'uint64', u8: 'uint64', uint: 'uint64',
  bool: 'bool', bool_: 'bool', '?': 'bool',
};

/** dtype names and objects accepted by astype and np.* (dtype=...): every dtype in dtypes.ts. */
export function dtypeFrom(v: Value): DType {
  if (v instanceof PyDType) return v.name;
  if (v instanceof PyCallable && v.kind === 'builtin_function_or_method') {
    if (v.name === 'int') return 'int64';
    if (v.name === 'float') return 'float64';
    if (v.name === 'bool') return 'bool';
  }
  if (typeof v === 'string') {
    const d = DTYPE_NAMES[v];
    if (d) return d;
    if (/^u?int(8|16|32)$/.test(v) || v === 'float16' || /^[iuf][124]$/.test(v)) {
      throw new PyError('NotImplementedError', `data type '${v}' is not supported in this notebook; use one of ${DTYPES.join(', ')}`);
    }
    throw new PyError('TypeError', `data type '${v}' not understood`);
  }
  throw new PyError('TypeError', `Cannot interpret '${typeName(v)}' as a data type`);
}

/** x.reshape(dims) / np.reshape: one -1 inferred; a size mismatch is numpy's ValueError. Call inside tf.tidy. */
export function reshape(x: NdArray, dims: Value[]): NdArray {
  const list = dims.length === 1 && (dims[0] instanceof PyTuple || dims[0] instanceof PyList) ? (dims[0] as PyTuple).items : dims;
  const shape = list.map((d) => toInt(d, "'shape' item"));
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) throw new PyError('ValueError', 'can only specify one unknown dimension');
  if (shape.some((d) => d < -1)) throw new PyError('ValueError', 'negative dimensions not allowed');
  const known = sizeOf(shape.filter((d) => d !== -1));
  const fail = () => new PyError('ValueError', `cannot reshape array of size ${x.size} into shape ${shapeText(shape)}`);
  if (unknown === 1) {
    if (known === 0 || x.size % known !== 0) throw fail();
    shape[shape.indexOf(-1)] = x.size / known;
  } else if (known !== x.size) throw fail();
  return followExact(x, (t) => tf.reshape(t, shape));
}

/** `x.name` on a tensor: an attribute value (.shape tuple, .dtype, .ndim, .size, .T tensor) or a bound method. Call inside tf.tidy. */
export function tensorAttribute(x: NdArray, name: string): Value {
  const method = (fn: (call: CallArgs) => Value) => new PyCallable(name, 'builtin_function_or_method', fn);
  const reduction = (kind: Reduction) =>
    method((call) => {
      const [axis, , , keepdims] = bind(name, call, ['axis', 'dtype', 'out', 'keepdims']);
      return reduce(kind, x, axis, boolArg(keepdims));
    });
  switch (name) {
    case 'shape':
      return new PyTuple(x.shape);
    case 'dtype':
      return new PyDType(x.dtype);
    case 'ndim':
      return x.rank;
    case 'size':
      return x.size;
    case 'T':
      return followExact(x, (t) => tf.transpose(t));
    case 'sum':
    case 'mean':
    case 'min':
    case 'max':
    case 'std':
    case 'var':
    case 'any':
    case 'all':
      return reduction(name);
    case 'argmax':
    case 'argmin':
      return method((call) => {
        const [axis, , keepdims] = bind(name, call, ['axis', 'out', 'keepdims']);
        return argReduce(name, x, axis, boolArg(keepdims));
      });
    case 'reshape':
      return method((call) => {
        if (call.keywords.size > 0) throw new PyError('TypeError', `reshape() got an unexpected keyword argument '${[...call.keywords.keys()][0]}'`);
        if (call.args.length === 0) throw new PyError('TypeError', 'reshape() takes exactly 1 argument (0 given)');
        return reshape(x, call.args);
      });
    case 'astype':
      return method((call) => {
        const [dtype] = bind(name, call, ['dtype'], 1);
        return castArray(x, dtypeFrom(dtype as Value));
      });
    case 'flatten':
    case 'ravel':
      return method((call) => {
        bind(name, call, []);
        return followExact(x, (t) => tf.reshape(t, [x.size]));
      });
    case 'item':
      return method((call) => {
        bind(name, call, []);
        if (x.size !== 1) throw new PyError('ValueError', 'can only convert an array of size 1 to a Python scalar');
        const v = x.exact ? x.exact[0] : readSync(x.tensor)[0];
        return isFloatDType(x.dtype) ? new PyFloat(v) : x.dtype === 'bool' ? v !== 0 : v;
      });
  }
  throw new PyError('AttributeError', `'numpy.ndarray' object has no attribute '${name}' (this notebook supports .shape .dtype .ndim .size .T and .sum() .mean() .min() .max() .std() .var() .any() .all() .argmax() .argmin() .reshape() .astype() .flatten() .item())`);
}
