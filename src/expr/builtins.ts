/** Python builtins of the expression language (len, type, print, range, int, float, bool, abs, str) and type()'s repr. */
import * as tf from '@tensorflow/tfjs';
import { bind } from './args';
import { PyError } from './errors';
import { guardListSize, listOf, readSync, toInt } from './tensors';
import type { CallArgs, Value , NdArray} from './values';
import { NpScalar, PyCallable, PyFloat, PyList, PyModule, PyTuple, PyType, isTensor, pyNumber, typeName } from './values';

/** Python's repr of a type, for type(x): honest about tensors, with the numpy equivalent in a note. */
export function typeOf(v: Value): PyType {
  if (isTensor(v)) return new PyType("<class 'numpy.ndarray'>");
  if (v instanceof NpScalar) return new PyType(`<class 'numpy.${v.dtype}'>`);
  if (v instanceof PyModule) return new PyType("<class 'module'>");
  return new PyType(`<class '${typeName(v)}'>`);
}

/** Python builtins; `print` hands its arguments to `onPrint` (the caller formats them later, asynchronously). */
export function createBuiltins(onPrint: (items: Value[], sep: string, end: string) => void, numpy: PyModule, notes: string[] = []): Map<string, Value> {
  const b = new Map<string, Value>();
  const def = (name: string, fn: (call: CallArgs) => Value) => b.set(name, new PyCallable(name, 'builtin_function_or_method', fn));
  def('len', (call) => {
    const [v] = bind('len', call, ['obj'], 1);
    if (v instanceof PyTuple || v instanceof PyList) return v.items.length;
    if (v instanceof NpScalar) throw new PyError('TypeError', 'len() of unsized object');
    if (typeof v === 'string') return Array.from(v).length;
    if (isTensor(v as Value)) {
      const t = v as NdArray;
      if (t.rank === 0) throw new PyError('TypeError', 'len() of unsized object');
      return t.shape[0];
    }
    throw new PyError('TypeError', `object of type '${typeName(v as Value)}' has no len()`);
  });
  def('type', (call) => {
    const v = bind('type', call, ['object'], 1)[0] as Value;
    if (isTensor(v)) notes.push(`Here this numpy.ndarray of ${v.dtype} is a ${v.rank}-d TensorFlow.js tensor (its values held as ${v.tensor.dtype}, on the ${tf.getBackend()} backend).`);
    return typeOf(v);
  });
  def('print', (call) => {
    const sep = call.keywords.get('sep');
    const end = call.keywords.get('end');
    for (const k of call.keywords.keys()) if (k !== 'sep' && k !== 'end') throw new PyError('TypeError', `'${k}' is an invalid keyword argument for print()`);
    if ((sep !== undefined && sep !== null && typeof sep !== 'string') || (end !== undefined && end !== null && typeof end !== 'string')) throw new PyError('TypeError', 'sep and end must be None or a string');
    onPrint(call.args, typeof sep === 'string' ? sep : ' ', typeof end === 'string' ? end : '\n');
    return null;
  });
  def('range', (call) => {
    if (call.keywords.size > 0) throw new PyError('TypeError', 'range() takes no keyword arguments');
    if (call.args.length < 1 || call.args.length > 3) throw new PyError('TypeError', `range expected at most 3 arguments, got ${call.args.length}`);
    const n = call.args.map((a) => {
      if (typeof a !== 'number' && typeof a !== 'boolean') throw new PyError('TypeError', `'${typeName(a)}' object cannot be interpreted as an integer`);
      return toInt(a, 'range');
    });
    const [start, stop, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? 1];
    if (step === 0) throw new PyError('ValueError', 'range() arg 3 must not be zero');
    const count = Math.max(0, Math.ceil((stop - start) / step));
    guardListSize(count);
    return new PyList(listOf(count, (k) => start + k * step));
  });
  const scalar = (name: 'int' | 'float' | 'bool') =>
    def(name, (call) => {
      const [v] = bind(name, call, ['x']);
      if (v === undefined) return name === 'float' ? new PyFloat(0) : name === 'bool' ? false : 0;
      let n = pyNumber(v);
      if (n === undefined && isTensor(v)) {
        if (v.size !== 1) {
          if (name === 'bool') throw new PyError('ValueError', v.size === 0 ? 'The truth value of an empty array is ambiguous. Use `array.size > 0` to check that an array is not empty.' : 'The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()');
          throw new PyError('TypeError', 'only length-1 arrays can be converted to Python scalars');
        }
        n = v.exact ? v.exact[0] : readSync(v.tensor)[0];
      }
      if (n === undefined && typeof v === 'string' && name !== 'bool') {
        const special = /^\s*([-+]?)(inf|infinity)\s*$/i.exec(v);
        const parsed = name === 'int' ? (/^\s*[-+]?\d+\s*$/.test(v) ? Number(v) : NaN) : special ? (special[1] === '-' ? -Infinity : Infinity) : Number(v.trim() === '' ? NaN : v);
        if (Number.isNaN(parsed) && !/nan/i.test(v)) throw new PyError('ValueError', name === 'int' ? `invalid literal for int() with base 10: '${v}'` : `could not convert string to float: '${v}'`);
        n = parsed;
      }
      if (name === 'bool') return n === undefined ? v !== null && !(v instanceof PyTuple && v.items.length === 0) && v !== '' : n !== 0;
      if (n === undefined) throw new PyError('TypeError', `${name}() argument must be a string or a real number, not '${typeName(v)}'`);
      if (name === 'float') return new PyFloat(n);
      if (!Number.isFinite(n)) throw new PyError(Number.isNaN(n) ? 'ValueError' : 'OverflowError', Number.isNaN(n) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
      return Math.trunc(n);
    });
  scalar('int');
  scalar('float');
  scalar('bool');
  def('abs', (call) => {
    const [v] = bind('abs', call, ['x'], 1);
    if (v instanceof NpScalar) return new NpScalar(Math.abs(v.value), v.dtype);
    if (isTensor(v as Value)) return (numpy.attributes.get('abs') as PyCallable).call(call);
    if (typeof v === 'number') return Math.abs(v);
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (v instanceof PyFloat) return new PyFloat(Math.abs(v.value));
    throw new PyError('TypeError', `bad operand type for abs(): '${typeName(v as Value)}'`);
  });
  def('str', (call) => {
    const [v] = bind('str', call, ['object']);
    if (v === undefined) return '';
    if (typeof v === 'string') return v;
    throw new PyError('NotImplementedError', 'str() of non-strings is not supported in this notebook; use print()');
  });
  b.set('np', numpy);
  return b;
}
