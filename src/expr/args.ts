/** Python's argument binding for np functions and tensor methods, and the checks their array, axis and flag arguments share. */
import { PyError } from './errors';
import { asArray, normalizeAxis, toInt } from './tensors';
import type { CallArgs, Value , NdArray} from './values';
import { NpScalar, PyFloat, PyList, PyTuple, isTensor, pyNumber, typeName } from './values';

/** Checks arity and keyword names like Python, returning positional-or-keyword parameters by name. */
export function bind(fn: string, call: CallArgs, params: readonly string[], required = 0): (Value | undefined)[] {
  if (call.args.length > params.length) {
    throw new PyError('TypeError', `${fn}() takes ${params.length === required ? '' : 'from ' + required + ' to '}${params.length} positional argument${params.length === 1 ? '' : 's'} but ${call.args.length} were given`);
  }
  const out: (Value | undefined)[] = params.map((_, i) => call.args[i]);
  for (const [name, value] of call.keywords) {
    const i = params.indexOf(name);
    if (i < 0) throw new PyError('TypeError', `${fn}() got an unexpected keyword argument '${name}'`);
    if (out[i] !== undefined) throw new PyError('TypeError', `${fn}() got multiple values for argument '${name}'`);
    out[i] = value;
  }
  for (let i = 0; i < required; i++) if (out[i] === undefined) throw new PyError('TypeError', `${fn}() missing required argument: '${params[i]}'`);
  return out;
}

/** An array argument: tensors as they are, Python scalars and sequences converted; anything else is a TypeError. */
export function tensorArg(v: Value | undefined, fn: string): NdArray {
  if (v === undefined) throw new PyError('TypeError', `${fn}() missing required argument`);
  if (isTensor(v)) return v;
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat || v instanceof NpScalar || v instanceof PyList || v instanceof PyTuple) return asArray(v);
  throw new PyError('TypeError', `${fn}(): expected an array, got '${typeName(v)}'`);
}

/** axis=None | int | tuple of ints, normalized; null means all axes. */
export function axesArg(v: Value | undefined, ndim: number): number[] | null {
  if (v === undefined || v === null) return null;
  const list = v instanceof PyTuple ? v.items.map((a) => toInt(a, 'axis')) : [toInt(v, 'axis')];
  const axes = list.map((a) => normalizeAxis(a, ndim));
  if (new Set(axes).size !== axes.length) throw new PyError('ValueError', 'duplicate value in axis');
  return axes;
}

/** A flag argument such as keepdims= (absent or None is False); non-numbers are a TypeError. */
export function boolArg(v: Value | undefined): boolean {
  if (v === undefined || v === null) return false;
  const n = pyNumber(v);
  if (n !== undefined) return n !== 0;
  throw new PyError('TypeError', `expected a bool, got '${typeName(v)}'`);
}
