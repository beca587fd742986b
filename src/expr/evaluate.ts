/** Evaluates parsed cells against a namespace, with numpy semantics, inside tensor scopes: nothing leaks. */
import * as tf from '@tensorflow/tfjs';
import type { Expr, Program } from './ast';
import type { DType } from './dtypes';
import { isFloatDType } from './dtypes';
import type { ExprFailure, ExprResult } from './errors';
import { PyError, succeed } from './errors';
import { fromHost } from './host';
import { callDType, toScalar, unpackedOps } from './tensors';
import { indexArray, indexSequence } from './indexing';
import { createBuiltins } from './builtins';
import { tensorAttribute } from './methods';
import { createNumpy } from './numpy';
import { binary, compare, pyEquals, truthy, unary } from './operators';
import { parseProgram } from './parse';
import type { Value } from './values';
import { ELLIPSIS, NdArray, NpScalar, PyCallable, PyDType, PyFloat, PyList, PyModule, PySlice, PyTuple, disposeValue, isTensor, mapTensors, pyNum, typeName } from './values';
import { errorMessage } from '../lib/format';

/** One print(...) call: its arguments (tensors kept; the caller disposes with disposeOutput), sep and end. */
export interface PrintCall {
  items: Value[];
  sep: string;
  end: string;
}

/** What a cell produced: its last expression's value (undefined after an assignment or for an empty cell), its prints, and hints (a uint8 wrap-around). */
export interface CellOutput {
  value: Value | undefined;
  printed: PrintCall[];
  notes: string[];
}

/** A failed cell: the error, and what it printed before failing (Python shows both). */
export type CellFailure = ExprFailure & { printed: PrintCall[] };

/**
 * A kernel's namespace. Names the notebook provides (dataset tensors) are borrowed and never disposed here;
 * names a cell assigns own their tensors (kept clones), and reassigning or `dispose()` frees them.
 */
export class Namespace {
  private readonly provided = new Map<string, Value>();
  private readonly owned = new Map<string, Value>();

  /**
   * Makes `value` visible as `name` without taking ownership (the caller keeps disposing it). A bare
   * tensor is seen as the NumPy array it holds: `dtype`, or int64 / float32 / bool from its storage.
   */
  provide(name: string, value: Value | tf.Tensor, dtype?: DType): void {
    this.provided.set(name, value instanceof tf.Tensor ? new NdArray(value, dtype ?? (value.dtype === 'int32' ? 'int64' : value.dtype === 'bool' ? 'bool' : 'float32')) : value);
  }

  /** Binds `name` to a value this namespace owns; the previous owned value, if any, is disposed. */
  assign(name: string, value: Value): void {
    const before = this.owned.get(name);
    this.owned.set(name, value);
    if (before !== undefined && before !== value) disposeValue(before);
  }

  get(name: string): Value | undefined {
    return this.owned.has(name) ? this.owned.get(name) : this.provided.get(name);
  }

  has(name: string): boolean {
    return this.owned.has(name) || this.provided.has(name);
  }

  /** Names a cell has assigned, in assignment order. */
  assignedNames(): string[] {
    return [...this.owned.keys()];
  }

  /** Forgets every assigned name and frees its tensors (provided names stay). */
  reset(): void {
    for (const v of this.owned.values()) disposeValue(v);
    this.owned.clear();
  }

  /** Frees everything owned; provided values are untouched. */
  dispose(): void {
    this.reset();
    this.provided.clear();
  }
}

/** Frees the tensors of a cell's output or failure (call after rendering it). */
export function disposeOutput(output: CellOutput | CellFailure): void {
  if ('value' in output) disposeValue(output.value);
  for (const p of output.printed) for (const item of p.items) disposeValue(item);
}

/**
 * Parses and runs a cell's text. Tensors in the output are new handles the caller disposes (disposeOutput);
 * everything else created is disposed before returning, whether the cell succeeds or fails.
 */
export function evaluateCell(source: string, namespace: Namespace): ExprResult<CellOutput, CellFailure> {
  const program = parseProgram(source);
  if (!program.ok) return { ...program, printed: [] };
  return evaluateProgram(program.value, namespace);
}

/** Runs parsed statements in order; assignments before a failing statement persist, as in Python. */
export function evaluateProgram(program: Program, namespace: Namespace): ExprResult<CellOutput, CellFailure> {
  const printed: PrintCall[] = [];
  const notes: string[] = [];
  let value: Value | undefined;
  const keep = (v: Value): Value => mapTensors(v, (t) => tf.keep(tf.clone(t)));
  try {
    // Every TensorFlow.js op a cell runs, unpacked on WebGL (see unpackedOps).
    unpackedOps(() => tf.tidy(() => {
      const evaluator = new Evaluator(namespace, (items, sep, end) => printed.push({ items: items.map(keep), sep, end }), notes);
      program.statements.forEach((statement, i) => {
        if (statement.type === 'expression') {
          const v = evaluator.eval(statement.expr);
          if (i === program.statements.length - 1) value = keep(v);
          return;
        }
        const v = evaluator.eval(statement.value);
        const values = statement.unpack ? unpack(v, statement.targets.length) : [v];
        // All values are computed before any name is bound, so a failing unpack binds nothing.
        const kept = values.map(keep);
        statement.targets.forEach((name, k) => namespace.assign(name, kept[k]));
      });
    }));
    return succeed({ value, printed, notes: [...new Set(notes)] });
  } catch (e) {
    disposeValue(value);
    return { ...toFailure(e), printed };
  }
}

function toFailure(e: unknown): ExprFailure {
  if (e instanceof PyError) return { ok: false, error: e.message, span: e.span };
  if (e instanceof RangeError && /call stack/i.test(e.message)) return { ok: false, error: 'RecursionError: maximum recursion depth exceeded' };
  const message = errorMessage(e);
  return { ok: false, error: `RuntimeError: ${message.split('\n')[0]} (TensorFlow.js)` };
}

function unpack(v: Value, n: number): Value[] {
  let items: readonly Value[];
  if (v instanceof PyTuple || v instanceof PyList) items = v.items;
  else if (typeof v === 'string') items = Array.from(v);
  else if (isTensor(v)) {
    if (v.rank === 0) throw new PyError('TypeError', 'cannot unpack non-iterable 0-d tensor');
    // Counted without building a list as long as the axis (which may be millions).
    if (v.shape[0] > n) throw new PyError('ValueError', `too many values to unpack (expected ${n})`);
    if (v.shape[0] < n) throw new PyError('ValueError', `not enough values to unpack (expected ${n}, got ${v.shape[0]})`);
    items = Array.from({ length: n }, (_, i) => indexArray(v, i));
  } else throw new PyError('TypeError', `cannot unpack non-iterable ${typeName(v)} object`);
  if (items.length > n) throw new PyError('ValueError', `too many values to unpack (expected ${n})`);
  if (items.length < n) throw new PyError('ValueError', `not enough values to unpack (expected ${n}, got ${items.length})`);
  return [...items];
}

function attribute(object: Value, name: string): Value {
  if (isTensor(object)) return tensorAttribute(object, name);
  if (object instanceof NpScalar) {
    if (name === 'dtype') return new PyDType(object.dtype);
    if (name === 'item') return new PyCallable('item', 'builtin_function_or_method', () => (object.dtype === 'bool' ? object.value !== 0 : isFloatDType(object.dtype) ? new PyFloat(object.value) : object.value));
    const found = tensorAttribute(fromHost(Float64Array.of(object.value), [], object.dtype), name);
    // A scalar's methods give scalars (np.uint8(7).astype('int32') is np.int32(7)).
    if (found instanceof PyCallable) return new PyCallable(found.name, found.kind, (call) => { const r = found.call(call); return isTensor(r) && r.rank === 0 ? toScalar(r) : r; });
    return isTensor(found) && found.rank === 0 ? toScalar(found) : found;
  }
  if (object instanceof PyModule) {
    if (object.attributes.has(name)) return object.attributes.get(name) as Value;
    throw new PyError('AttributeError', `module '${object.name}' has no attribute '${name}' (this notebook's np has: ${[...object.attributes.keys()].join(', ')})`);
  }
  if (object instanceof PyDType && name === 'name') return object.name;
  if (object instanceof PyTuple && (name === 'count' || name === 'index')) {
    return new PyCallable(name, 'builtin_function_or_method', (call) => {
      if (call.args.length !== 1) throw new PyError('TypeError', `${name}() takes exactly one argument (${call.args.length} given)`);
      const i = object.items.findIndex((item) => pyEquals(item, call.args[0]));
      if (name === 'count') return object.items.filter((item) => pyEquals(item, call.args[0])).length;
      if (i < 0) throw new PyError('ValueError', 'tuple.index(x): x not in tuple');
      return i;
    });
  }
  throw new PyError('AttributeError', `'${typeName(object)}' object has no attribute '${name}'`);
}

class Evaluator {
  private readonly namespace: Namespace;
  private readonly builtins: Map<string, Value>;

  private readonly notes: string[];

  constructor(namespace: Namespace, onPrint: (items: Value[], sep: string, end: string) => void, notes: string[]) {
    this.namespace = namespace;
    this.notes = notes;
    const numpy = createNumpy();
    this.builtins = createBuiltins(onPrint, numpy, notes);
  }

  eval(node: Expr): Value {
    try {
      return this.evalNode(node);
    } catch (e) {
      if (e instanceof PyError && !e.span) e.span = node.span;
      throw e;
    }
  }

  private evalNode(node: Expr): Value {
    switch (node.type) {
      case 'name': {
        if (this.namespace.has(node.name)) return this.namespace.get(node.name) as Value;
        const builtin = this.builtins.get(node.name);
        if (builtin !== undefined) return builtin;
        throw new PyError('NameError', `name '${node.name}' is not defined`);
      }
      case 'number':
        return node.float ? new PyFloat(node.value) : pyNum(node.value, true);
      case 'string':
        return node.value;
      case 'constant':
        return node.value;
      case 'ellipsis':
        return ELLIPSIS;
      case 'tuple':
        return new PyTuple(node.items.map((item) => this.eval(item)));
      case 'list':
        return new PyList(node.items.map((item) => this.eval(item)));
      case 'unary':
        return unary(node.op, this.eval(node.operand));
      case 'binary':
        return binary(node.op, this.eval(node.left), this.eval(node.right), this.notes);
      case 'logical': {
        const left = this.eval(node.left);
        const t = truthy(left);
        if (node.op === 'and' ? !t : t) return left;
        return this.eval(node.right);
      }
      case 'compare': {
        let left = this.eval(node.operands[0]);
        let result: Value = true;
        for (let i = 0; i < node.ops.length; i++) {
          const right = this.eval(node.operands[i + 1]);
          result = compare(node.ops[i], left, right);
          // Chained comparisons mean `a < b and b < c`: arrays there raise numpy's ambiguity error.
          if (i < node.ops.length - 1 && !truthy(result)) return result;
          left = right;
        }
        return result;
      }
      case 'conditional':
        return truthy(this.eval(node.test)) ? this.eval(node.body) : this.eval(node.orelse);
      case 'attribute':
        return attribute(this.eval(node.object), node.name);
      case 'call': {
        const callee = this.eval(node.callee);
        if (callee instanceof PyDType) return callDType(callee.name, node.args.map((a) => this.eval(a)), new Map(node.keywords.map((k) => [k.name, this.eval(k.value)] as const)));
        if (!(callee instanceof PyCallable)) throw new PyError('TypeError', `'${typeName(callee)}' object is not callable`);
        const args = node.args.map((a) => this.eval(a));
        const keywords = new Map(node.keywords.map((k) => [k.name, this.eval(k.value)] as const));
        return callee.call({ args, keywords, span: node.span });
      }
      case 'subscript': {
        const object = this.eval(node.object);
        const index = this.eval(node.index);
        if (isTensor(object)) return indexArray(object, index);
        if (object instanceof NpScalar) return indexArray(fromHost(Float64Array.of(object.value), [], object.dtype), index);
        if (object instanceof PyTuple || object instanceof PyList || typeof object === 'string') return indexSequence(object, index);
        throw new PyError('TypeError', `'${typeName(object)}' object is not subscriptable`);
      }
      case 'slice': {
        const part = (e: Expr | null) => (e === null ? null : this.eval(e));
        return new PySlice(part(node.start), part(node.stop), part(node.step));
      }
    }
  }
}

