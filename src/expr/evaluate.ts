/** Evaluates parsed cells against a namespace, with numpy semantics, inside tensor scopes: nothing leaks. */
import * as tf from '@tensorflow/tfjs';
import type { BinaryOp, CompareOp, Expr, Program } from './ast';
import type { ExprFailure, ExprResult } from './errors';
import { PyError, succeed } from './errors';
import { indexSequence, indexTensor } from './indexing';
import { createBuiltins, createNumpy, tensorAttribute } from './numpy';
import { parseProgram } from './parse';
import { arithmeticDtype, asTensor, broadcastShapes, guardListSize, guardSize, listOf, readSync } from './tensors';
import type { Value } from './values';
import { ELLIPSIS, PyCallable, PyDType, PyFloat, PyList, PyModule, PySlice, PyTuple, disposeValue, isTensor, mapTensors, pyNum, pyNumber, typeName } from './values';
import { errorMessage } from '../lib/format';

/** One print(...) call: its arguments (tensors kept; the caller disposes with disposeOutput), sep and end. */
export interface PrintCall {
  items: Value[];
  sep: string;
  end: string;
}

/** What a cell produced: its last expression's value (undefined after an assignment or for an empty cell) and its prints. */
export interface CellOutput {
  value: Value | undefined;
  printed: PrintCall[];
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

  /** Makes `value` visible as `name` without taking ownership (the caller keeps disposing it). */
  provide(name: string, value: Value): void {
    this.provided.set(name, value);
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
  let value: Value | undefined;
  const keep = (v: Value): Value => mapTensors(v, (t) => tf.keep(tf.clone(t)));
  try {
    tf.tidy(() => {
      const evaluator = new Evaluator(namespace, (items, sep, end) => printed.push({ items: items.map(keep), sep, end }));
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
    });
    return succeed({ value, printed });
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
    items = tf.unstack(v);
  } else throw new PyError('TypeError', `cannot unpack non-iterable ${typeName(v)} object`);
  if (items.length > n) throw new PyError('ValueError', `too many values to unpack (expected ${n})`);
  if (items.length < n) throw new PyError('ValueError', `not enough values to unpack (expected ${n}, got ${items.length})`);
  return [...items];
}

/** Python truthiness; arrays of more than one element are ambiguous, as in numpy. */
export function truthy(v: Value): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (v instanceof PyFloat) return v.value !== 0;
  if (v instanceof PyTuple || v instanceof PyList) return v.items.length > 0;
  if (isTensor(v)) {
    if (v.size === 0) throw new PyError('ValueError', 'The truth value of an empty array is ambiguous. Use `array.size > 0` to check that an array is not empty.');
    if (v.size > 1) throw new PyError('ValueError', 'The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()');
    return readSync(v)[0] !== 0;
  }
  return true;
}

const OP_NAMES: Record<string, string> = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'true_divide', '//': 'floor_divide', '%': 'remainder', '**': 'power', '&': 'bitwise_and', '|': 'bitwise_or', '^': 'bitwise_xor' };

function isScalar(v: Value): boolean {
  return typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat;
}

function arrayLike(v: Value): boolean {
  return isTensor(v) || isScalar(v) || v instanceof PyList || v instanceof PyTuple;
}

function unsupported(op: string, a: Value, b: Value): PyError {
  return new PyError('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** Arithmetic and bitwise operators on Python scalars, with Python's floor semantics and errors. */
function scalarBinary(op: BinaryOp, a: Value, b: Value): Value {
  const x = pyNumber(a) as number;
  const y = pyNumber(b) as number;
  const ints = !(a instanceof PyFloat) && !(b instanceof PyFloat);
  switch (op) {
    case '+':
      return pyNum(x + y, ints);
    case '-':
      return pyNum(x - y, ints);
    case '*':
      return pyNum(x * y, ints);
    case '/':
      if (y === 0) throw new PyError('ZeroDivisionError', ints ? 'division by zero' : 'float division by zero');
      return new PyFloat(x / y);
    case '//':
      if (y === 0) throw new PyError('ZeroDivisionError', ints ? 'integer division or modulo by zero' : 'float floor division by zero');
      return pyNum(Math.floor(x / y), ints);
    case '%': {
      if (y === 0) throw new PyError('ZeroDivisionError', ints ? 'integer division or modulo by zero' : 'float modulo');
      let r = x % y;
      if (r !== 0 && r < 0 !== y < 0) r += y;
      return pyNum(r, ints);
    }
    case '**': {
      if (x === 0 && y < 0) throw new PyError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
      if (x < 0 && !Number.isInteger(y)) throw new PyError('NotImplementedError', 'complex results are not supported in this notebook');
      const r = x ** y;
      if (ints && y >= 0) return pyNum(r, true);
      if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) throw new PyError('OverflowError', "(34, 'Numerical result out of range')");
      return new PyFloat(r);
    }
    case '&':
    case '|':
    case '^': {
      if (!ints) throw unsupported(op, a, b);
      if (typeof a === 'boolean' && typeof b === 'boolean') return op === '&' ? a && b : op === '|' ? a || b : a !== b;
      const bx = BigInt(x);
      const by = BigInt(y);
      return pyNum(Number(op === '&' ? bx & by : op === '|' ? bx | by : bx ^ by), true);
    }
    case '@':
      throw unsupported(op, a, b);
  }
}

/** Elementwise operators on tensors (and scalars/lists against tensors): numpy broadcasting and dtypes. */
function tensorBinary(op: BinaryOp, a: Value, b: Value): tf.Tensor {
  if (op === '@') throw new PyError('NotImplementedError', 'matrix multiplication (@) is not supported in this notebook');
  const dtype = arithmeticDtype(a, b);
  const ta = tf.cast(asTensor(a, dtype), dtype);
  const tb = tf.cast(asTensor(b, dtype), dtype);
  guardSize(broadcastShapes(ta.shape, tb.shape));
  const bool = dtype === 'bool';
  switch (op) {
    case '+':
      return bool ? tf.logicalOr(ta, tb) : tf.add(ta, tb);
    case '-':
      if (bool) throw new PyError('TypeError', 'numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.');
      return tf.sub(ta, tb);
    case '*':
      return bool ? tf.logicalAnd(ta, tb) : tf.mul(ta, tb);
    case '/':
      return tf.div(tf.cast(ta, 'float32'), tf.cast(tb, 'float32'));
    case '//': {
      if (dtype === 'float32') return tf.floor(tf.div(ta, tb));
      const ia = tf.cast(ta, 'int32');
      const ib = tf.cast(tb, 'int32');
      // numpy: integer floor division by zero gives 0 (with a warning).
      return tf.where(tf.equal(ib, 0), tf.zerosLike(tf.add(ia, ib)), tf.floorDiv(ia, ib));
    }
    case '%': {
      if (dtype === 'float32') return tf.mod(ta, tb);
      const ia = tf.cast(ta, 'int32');
      const ib = tf.cast(tb, 'int32');
      return tf.where(tf.equal(ib, 0), tf.zerosLike(tf.add(ia, ib)), tf.mod(ia, ib));
    }
    case '**': {
      if (dtype === 'float32') return tf.pow(ta, tb);
      const ia = tf.cast(ta, 'int32');
      const ib = tf.cast(tb, 'int32');
      if (ib.size > 0 && readSync(tf.any(tf.less(ib, 0)))[0]) throw new PyError('ValueError', 'Integers to negative integer powers are not allowed.');
      return tf.cast(tf.round(tf.pow(tf.cast(ia, 'float32'), tf.cast(ib, 'float32'))), 'int32');
    }
    case '&':
    case '|':
    case '^':
      if (!bool) throw new PyError('TypeError', `ufunc '${OP_NAMES[op]}' is supported on boolean arrays only in this notebook (got ${dtype}); compare first, e.g. (x > 0) ${op} (y < 5)`);
      return op === '&' ? tf.logicalAnd(ta, tb) : op === '|' ? tf.logicalOr(ta, tb) : tf.logicalXor(ta, tb);
  }
}

/** `a op b` for any two values, as Python and numpy do it. */
export function binary(op: BinaryOp, a: Value, b: Value): Value {
  if ((isTensor(a) || isTensor(b)) && arrayLike(a) && arrayLike(b)) return tensorBinary(op, a, b);
  if (isScalar(a) && isScalar(b)) return scalarBinary(op, a, b);
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return guardedString(a + b);
  if (op === '+' && a instanceof PyTuple && b instanceof PyTuple) return new PyTuple([...a.items, ...b.items]);
  if (op === '+' && a instanceof PyList && b instanceof PyList) return new PyList([...a.items, ...b.items]);
  if (op === '*') {
    const [seq, n] = isScalar(b) && !(b instanceof PyFloat) ? [a, b] : [b, a];
    if ((typeof seq === 'string' || seq instanceof PyTuple || seq instanceof PyList) && isScalar(n) && !(n instanceof PyFloat)) {
      const times = Math.max(0, pyNumber(n) as number);
      const length = (typeof seq === 'string' ? seq.length : seq.items.length) * times;
      if (typeof seq === 'string') {
        guardSize([length]);
        return length === 0 ? '' : seq.repeat(times);
      }
      guardListSize(length);
      const items = length === 0 ? [] : listOf(length, (k) => seq.items[k % seq.items.length]);
      return seq instanceof PyTuple ? new PyTuple(items) : new PyList(items);
    }
  }
  throw unsupported(op, a, b);
}

function guardedString(s: string): string {
  guardSize([s.length]);
  return s;
}

/** Python equality for non-tensor values (tuples compared item by item). */
function pyEquals(a: Value, b: Value): boolean {
  if (isScalar(a) && isScalar(b)) return pyNumber(a) === pyNumber(b);
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  if ((a instanceof PyTuple && b instanceof PyTuple) || (a instanceof PyList && b instanceof PyList)) {
    return a.items.length === b.items.length && a.items.every((item, i) => {
      const other = b.items[i];
      if (isTensor(item) || isTensor(other)) return truthy(compare('==', item, other));
      return pyEquals(item, other);
    });
  }
  if (a instanceof PyDType && b instanceof PyDType) return a.name === b.name;
  if (a instanceof PyDType && typeof b === 'string') return a.name === b || (b === 'float64' && a.name === 'float32') || (b === 'int64' && a.name === 'int32');
  if (b instanceof PyDType && typeof a === 'string') return pyEquals(b, a);
  return a === b;
}

function scalarOrder(a: Value, b: Value): number | undefined {
  if (isScalar(a) && isScalar(b)) return (pyNumber(a) as number) - (pyNumber(b) as number);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if ((a instanceof PyTuple && b instanceof PyTuple) || (a instanceof PyList && b instanceof PyList)) {
    for (let i = 0; i < Math.min(a.items.length, b.items.length); i++) {
      if (!pyEquals(a.items[i], b.items[i])) return scalarOrder(a.items[i], b.items[i]);
    }
    return a.items.length - b.items.length;
  }
  return undefined;
}

/** One comparison `a op b`: bool tensors for arrays, Python bools otherwise. */
export function compare(op: CompareOp, a: Value, b: Value): Value {
  if (op === 'is' || op === 'is not') {
    const same = a === b || (isScalar(a) && isScalar(b) && typeof a === typeof b && pyNumber(a) === pyNumber(b));
    return op === 'is' ? same : !same;
  }
  if (op === 'in' || op === 'not in') {
    let found: boolean;
    if (b instanceof PyTuple || b instanceof PyList) found = b.items.some((item) => (isTensor(item) || isTensor(a) ? truthy(tf.any(tf.cast(compare('==', item, a) as tf.Tensor, 'bool'))) : pyEquals(item, a)));
    else if (typeof b === 'string' && typeof a === 'string') found = b.includes(a);
    else if (isTensor(b) && arrayLike(a)) found = readSync(tf.any(tensorCompare('==', b, a)))[0] !== 0;
    else throw new PyError('TypeError', `argument of type '${typeName(b)}' is not iterable`);
    return op === 'in' ? found : !found;
  }
  if ((isTensor(a) || isTensor(b)) && arrayLike(a) && arrayLike(b)) return tensorCompare(op, a, b);
  if (op === '==') return pyEquals(a, b);
  if (op === '!=') return !pyEquals(a, b);
  const order = scalarOrder(a, b);
  if (order === undefined || Number.isNaN(order)) {
    if (order !== undefined) return false;
    throw new PyError('TypeError', `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
  }
  return op === '<' ? order < 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : order >= 0;
}

function tensorCompare(op: '==' | '!=' | '<' | '<=' | '>' | '>=', a: Value, b: Value): tf.Tensor {
  const dtype = arithmeticDtype(a, b);
  const ta = tf.cast(asTensor(a, dtype), dtype);
  const tb = tf.cast(asTensor(b, dtype), dtype);
  guardSize(broadcastShapes(ta.shape, tb.shape));
  switch (op) {
    case '==':
      return tf.equal(ta, tb);
    case '!=':
      return tf.notEqual(ta, tb);
    case '<':
      return tf.less(ta, tb);
    case '<=':
      return tf.lessEqual(ta, tb);
    case '>':
      return tf.greater(ta, tb);
    case '>=':
      return tf.greaterEqual(ta, tb);
  }
}

/** `-x`, `+x`, `~x`, `not x`. */
export function unary(op: '-' | '+' | '~' | 'not', v: Value): Value {
  if (op === 'not') return !truthy(v);
  if (isTensor(v)) {
    if (op === '+') return v;
    if (op === '-') {
      if (v.dtype === 'bool') throw new PyError('TypeError', 'The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.');
      return tf.neg(v);
    }
    if (v.dtype === 'bool') return tf.logicalNot(v);
    if (v.dtype === 'int32') return tf.sub(tf.neg(v), tf.scalar(1, 'int32'));
    throw new PyError('TypeError', "ufunc 'invert' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''");
  }
  if (isScalar(v)) {
    const n = pyNumber(v) as number;
    if (op === '~') {
      if (v instanceof PyFloat) throw new PyError('TypeError', "bad operand type for unary ~: 'float'");
      return -n - 1;
    }
    return v instanceof PyFloat ? new PyFloat(op === '-' ? -n : n) : op === '-' ? -n : n;
  }
  throw new PyError('TypeError', `bad operand type for unary ${op}: '${typeName(v)}'`);
}

function attribute(object: Value, name: string): Value {
  if (isTensor(object)) return tensorAttribute(object, name);
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

  constructor(namespace: Namespace, onPrint: (items: Value[], sep: string, end: string) => void) {
    this.namespace = namespace;
    const numpy = createNumpy({ broadcast: broadcastShapes, commonDtype: arithmeticDtype });
    this.builtins = createBuiltins(onPrint, numpy);
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
        return binary(node.op, this.eval(node.left), this.eval(node.right));
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
        if (!(callee instanceof PyCallable)) throw new PyError('TypeError', `'${typeName(callee)}' object is not callable`);
        const args = node.args.map((a) => this.eval(a));
        const keywords = new Map(node.keywords.map((k) => [k.name, this.eval(k.value)] as const));
        return callee.call({ args, keywords, span: node.span });
      }
      case 'subscript': {
        const object = this.eval(node.object);
        const index = this.eval(node.index);
        if (isTensor(object)) return indexTensor(object, index);
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

