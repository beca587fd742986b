/**
 * The NumPy golden corpus (issue 11): every cell of tests/fixtures/expr/numpy-golden.json, NumPy 2's answers written
 * by scripts/numpy_golden.py, run through the evaluator (cpu backend) after the corpus's prelude and compared with
 * NumPy: the exception class when NumPy raised, else kind (Python value or NumPy array/scalar), dtype, shape and
 * values (the gate), and separately the printed text (str and repr). Regenerate the fixture with
 * `python3 scripts/numpy_golden.py`; GOLDEN_LIST=1 prints every disagreeing cell, ready to paste as a limit.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Value } from '../../../src/expr';
import { Namespace, describeValue, disposeOutput, evaluateCell, formatFailure, parseProgram, toPython } from '../../../src/expr';
import { NdArray, NpScalar, PyFloat } from '../../../src/expr/values';

/** One array item as a value holds it. */
type Item = number | bigint | boolean;

/** What a result is, as the comparison needs it: Python value or NumPy array/scalar, dtype, shape, flat values. */
interface Observed {
  kind: 'numpy' | 'python';
  /** NumPy's dtype name for arrays and scalars; Python's type name otherwise (int, float, bool, str, tuple, list, NoneType, dtype). */
  dtype: string;
  shape: number[];
  /** Flat, C order; absent for tuples, lists, strings, dtypes and None (their repr is their value). */
  values?: Item[];
}

/**
 * THE one place that knows how a value holds its data: an array is an NdArray (a tensor and its dtype),
 * a NumPy scalar an NpScalar, a Python int a number, a Python float a PyFloat; describeValue gives shape and dtype.
 */
async function observe(value: Value | undefined): Promise<Observed> {
  const d = describeValue(value);
  if (value instanceof NdArray) return { kind: 'numpy', dtype: d.dtype, shape: d.shape, values: Array.from(value.exact ?? (await value.tensor.data())) as Item[] };
  if (value instanceof NpScalar) return { kind: 'numpy', dtype: d.dtype, shape: [], values: [value.value] };
  if (typeof value === 'number' || typeof value === 'boolean') return { kind: 'python', dtype: d.dtype, shape: [], values: [value] };
  if (value instanceof PyFloat) return { kind: 'python', dtype: 'float', shape: [], values: [value.value] };
  const isDtype = d.dtype === 'object' && (await toPython(value, 'repr')).startsWith('dtype(');
  return { kind: 'python', dtype: isDtype ? 'dtype' : d.dtype, shape: [] };
}

/** Why float ** with a non-integer exponent can differ in the last digit. */
const POW = "float ** with a non-integer exponent: JavaScript's Math.pow (V8) is not correctly rounded and can differ from C's pow (NumPy's) in the last digit; integer exponents are exact here";
/** Why exp and log can differ in the last digit. */
const EXP_LOG = "exp/log: JavaScript's Math.exp/Math.log (V8) and NumPy's SIMD exp/log (its own float32 code on AVX2) round differently in the last digit";

/**
 * Cells that may disagree with NumPy, each with its reason. A listed cell that starts agreeing fails the run
 * (the list stays honest); an unlisted disagreement counts against the 99.5% gate. The corpus is NumPy as it
 * runs without AVX-512 (scripts/numpy_golden.py sets NPY_DISABLE_CPU_FEATURES): on AVX-512, NumPy's float **,
 * exp and log take SIMD code whose last digit differs from its own results elsewhere.
 */
const DOCUMENTED_LIMITS: Record<string, string> = {
  'binary-1032': POW,
  'binary-1033': POW,
  'binary-1034': POW,
  'binary-1095': POW,
  'binary-1097': POW,
  'binary-1098': POW,
  'binary-1099': POW,
  'binary-1103': POW,
  'binary-1147': POW,
  'binary-1151': POW,
  'unary-99': EXP_LOG,
  'unary-100': EXP_LOG,
  'unary-101': EXP_LOG,
  'unary-151': EXP_LOG,
  'python-113': 'float(2 ** 53 + 1): Python ints past 2**53 are refused here (the notebook is exact to 2**53, as JavaScript numbers are)',
};

/** The same for the printed text (str and repr). */
const DOCUMENTED_PRINT_LIMITS: Record<string, string> = {
  'unary-100': EXP_LOG,
  'unary-101': EXP_LOG,
  'unary-151': EXP_LOG,
  'python-113': DOCUMENTED_LIMITS['python-113'],
};

/** The share of unlisted cells that must agree. */
const GATE = 0.995;

// ---- the fixture (schema: scripts/numpy_golden.py) ----

type GoldenItem = number | string | boolean;

interface GoldenBase {
  id: string;
  group: string;
  source: string;
}

interface GoldenValue extends GoldenBase {
  ok: true;
  type: 'ndarray' | 'numpy-scalar' | 'python';
  dtype: string;
  shape: number[];
  values?: GoldenItem[];
  str: string;
  repr: string;
  out: string;
  warning?: string;
}

interface GoldenError extends GoldenBase {
  ok: false;
  exception: string;
  message: string;
}

type GoldenCell = GoldenValue | GoldenError;

interface Corpus {
  numpy: string;
  generated_by: string;
  prelude: string[];
  cells: GoldenCell[];
}

function loadCorpus(name: string): Corpus {
  return JSON.parse(readFileSync(new URL(`../../fixtures/expr/${name}`, import.meta.url), 'utf8')) as Corpus;
}

// ---- running a cell ----

type Outcome = { ok: true; observed: Observed; str: string; repr: string } | { ok: false; exception: string; shown: string };

function exceptionClass(error: string): string {
  return /^([A-Za-z_][\w.]*)(:|$)/.exec(error)?.[1] ?? error;
}

/** Runs `source` in a fresh namespace that borrows the prelude's values, so no cell sees another's assignments. */
async function runCell(source: string, prelude: Namespace): Promise<Outcome> {
  const ns = new Namespace();
  for (const name of prelude.assignedNames()) ns.provide(name, prelude.get(name) as Value);
  const result = evaluateCell(source, ns);
  try {
    if (!result.ok) return { ok: false, exception: exceptionClass(result.error), shown: formatFailure(source, result) };
    const value = result.value.value;
    return { ok: true, observed: await observe(value), str: await toPython(value, 'str'), repr: await toPython(value, 'repr') };
  } catch (e) {
    return { ok: false, exception: 'HarnessError', shown: `the harness could not read the result: ${String(e)}` };
  } finally {
    disposeOutput(result.ok ? result.value : result);
    ns.dispose();
  }
}

// ---- comparing ----

const INTEGER_DTYPES = new Set(['uint8', 'int32', 'int64', 'uint64', 'int']);
const FLOAT_DTYPES = new Set(['float32', 'float64', 'float']);

function decodeFloat(v: GoldenItem): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (v === '-0.0') return -0;
  return Number(v);
}

/** Integers exactly (beyond 2**53 as BigInt), bools as bools, floats after rounding to the dtype (NaN equals NaN, -0 is not 0). */
function sameItem(expected: GoldenItem, got: Item, dtype: string): boolean {
  if (dtype === 'bool') return typeof got === 'bigint' ? got === (expected ? 1n : 0n) : Boolean(got) === expected;
  if (INTEGER_DTYPES.has(dtype)) {
    if (typeof got === 'number' && !Number.isInteger(got)) return false;
    return BigInt(expected as number | string) === BigInt(got as number | bigint);
  }
  if (FLOAT_DTYPES.has(dtype)) {
    const round = dtype === 'float32' ? Math.fround : (x: number) => x;
    return Object.is(round(decodeFloat(expected)), round(Number(got)));
  }
  return false;
}

function showItems(items: readonly unknown[]): string {
  const text = items.slice(0, 8).map((v) => (typeof v === 'bigint' ? `${v}n` : Object.is(v, -0) ? '-0' : String(v))).join(', ');
  return `[${text}${items.length > 8 ? ', ...' : ''}]`;
}

/** Why the value disagrees: a kind (counted in the report) and the particulars; null when it agrees. */
interface Reason {
  kind: string;
  detail: string;
}

/** One line, for reports. */
function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\n\s*/g, ' ');
  return flat.length > max ? flat.slice(0, max - 3) + '...' : flat;
}

/** Names whose prelude line failed: a cell that then raises NameError on one is blocked, not wrong by itself. */
const missingNames = new Set<string>();

function blockedName(got: Outcome): string | undefined {
  const name = !got.ok && got.exception === 'NameError' ? /name '(\w+)' is not defined/.exec(got.shown)?.[1] : undefined;
  return name !== undefined && missingNames.has(name) ? name : undefined;
}

const BLOCKED = 'needs a prelude value that failed to build (NameError)';

function valueReason(cell: GoldenCell, got: Outcome): Reason | null {
  if (blockedName(got)) return { kind: BLOCKED, detail: `${blockedName(got)} is missing` };
  if (!cell.ok) {
    if (!got.ok) return got.exception === cell.exception ? null : { kind: `NumPy raises ${cell.exception}, we raise ${got.exception}`, detail: got.shown.split('\n').pop() ?? '' };
    return { kind: `NumPy raises ${cell.exception}, we answer`, detail: `NumPy: ${cell.message} | we: ${got.repr}` };
  }
  if (!got.ok) return { kind: `we raise ${got.exception}, NumPy answers`, detail: `${got.shown.split('\n').pop()} | NumPy: ${cell.repr}` };
  const o = got.observed;
  const kind = cell.type === 'python' ? 'python' : 'numpy';
  if (o.kind !== kind) return { kind: `NumPy gives a ${cell.type} ${cell.dtype}, we a ${o.kind} ${o.dtype}`, detail: `NumPy: ${cell.repr} | we: ${got.repr}` };
  if (o.dtype !== cell.dtype) return { kind: `dtype ${cell.dtype}, we ${o.dtype}`, detail: `NumPy: ${cell.repr} | we: ${got.repr}` };
  if (cell.type === 'ndarray' && (o.shape.length !== cell.shape.length || o.shape.some((d, i) => d !== cell.shape[i]))) {
    return { kind: 'shape', detail: `NumPy: (${cell.shape.join(', ')}) | we: (${o.shape.join(', ')})` };
  }
  if (cell.values === undefined) return got.repr === cell.repr ? null : { kind: `${cell.dtype} differs`, detail: `NumPy: ${cell.repr} | we: ${got.repr}` };
  const values = o.values ?? [];
  const same = values.length === cell.values.length && cell.values.every((v, i) => sameItem(v, values[i], cell.dtype));
  return same ? null : { kind: `values (${cell.dtype})`, detail: `NumPy: ${showItems(cell.values)} | we: ${showItems(values)}` };
}

function textReason(cell: GoldenCell, got: Outcome, value: Reason | null): Reason | null {
  if (!cell.ok) return value;
  if (!got.ok) return { kind: 'no value to print', detail: got.shown.split('\n').pop() ?? '' };
  const what = cell.type === 'python' ? cell.dtype : `${cell.type} ${cell.dtype}`;
  if (got.str !== cell.str) return { kind: `str of ${what}`, detail: `NumPy: ${JSON.stringify(cell.str)} | we: ${JSON.stringify(got.str)}` };
  if (got.repr !== cell.repr) return { kind: `repr of ${what}`, detail: `NumPy: ${JSON.stringify(cell.repr)} | we: ${JSON.stringify(got.repr)}` };
  return null;
}

// ---- the run ----

interface Verdict {
  cell: GoldenCell;
  value: Reason | null;
  text: Reason | null;
}

const corpus = loadCorpus('numpy-golden.json');
const verdicts: Verdict[] = [];
const preludeFailures: string[] = [];
let tensorsBefore = 0;
let tensorsAfter = 0;
let seconds = 0;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  const start = performance.now();
  tensorsBefore = tf.memory().numTensors;
  const prelude = new Namespace();
  for (const line of corpus.prelude) {
    const result = evaluateCell(line, prelude);
    if (!result.ok) {
      preludeFailures.push(`${line}  ->  ${result.error}`);
      for (const name of line.split('=')[0].split(',')) missingNames.add(name.trim());
    }
    disposeOutput(result.ok ? result.value : result);
  }
  for (const cell of corpus.cells) {
    const got = await runCell(cell.source, prelude);
    const value = valueReason(cell, got);
    verdicts.push({ cell, value, text: textReason(cell, got, value) });
  }
  prelude.dispose();
  tensorsAfter = tf.memory().numTensors;
  seconds = (performance.now() - start) / 1000;
}, 300_000);

function percent(n: number, of: number): string {
  return of === 0 ? '-' : `${((100 * n) / of).toFixed(1)}%`;
}

/** Up to 20 disagreeing cells to show, those not blocked by a failed prelude line first. */
function firstExamples(vs: Verdict[]): Verdict[] {
  return [...vs.filter((v) => v.value?.kind !== BLOCKED), ...vs.filter((v) => v.value?.kind === BLOCKED)].slice(0, 20);
}

/** The most common kinds of disagreement, with a few examples each. */
function topReasons(pick: (v: Verdict) => Reason | null, limit: number): string[] {
  const byKind = new Map<string, Verdict[]>();
  for (const v of verdicts) {
    const r = pick(v);
    if (r) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), v]);
  }
  return [...byKind.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .slice(0, limit)
    .flatMap(([kind, vs]) => [`  ${String(vs.length).padStart(5)}  ${kind}`, ...vs.slice(0, 3).map((v) => `           ${v.cell.id}: ${oneLine(v.cell.source.replace(/\n/g, '; '), 80)}  ->  ${oneLine(pick(v)?.detail ?? '', 180)}`)]);
}

describe(`the NumPy golden corpus (${corpus.cells.length} cells, NumPy ${corpus.numpy})`, () => {
  it('reports agreement per group, runs every cell, builds every prelude name, and agrees on >= 99.5% of all cells, listed or not', () => {
    const groups = [...new Set(verdicts.map((v) => v.cell.group))];
    const row = (name: string, vs: Verdict[]) => {
      const unblocked = vs.filter((v) => v.value?.kind !== BLOCKED);
      const agree = (pick: (v: Verdict) => Reason | null, of: Verdict[]) => percent(of.filter((v) => !pick(v)).length, of.length).padStart(9);
      return `${name.padEnd(10)} ${String(vs.length).padStart(6)} ${agree((v) => v.value, vs)} ${agree((v) => v.text, vs)} ${String(unblocked.length).padStart(9)} ${agree((v) => v.value, unblocked)} ${agree((v) => v.text, unblocked)}`;
    };
    const lines = [
      `NumPy golden corpus: ${verdicts.length} cells in ${seconds.toFixed(1)} s`,
      `${'group'.padEnd(10)} ${'cells'.padStart(6)} ${'value'.padStart(9)} ${'printed'.padStart(9)} ${'unblocked'.padStart(9)} ${'value'.padStart(9)} ${'printed'.padStart(9)}   (unblocked: cells whose prelude names exist)`,
      ...groups.map((g) => row(g, verdicts.filter((v) => v.cell.group === g))),
      row('all', verdicts),
      ...(preludeFailures.length ? ['', `prelude lines that failed (${preludeFailures.length}):`, ...preludeFailures.map((f) => `  ${f.slice(0, 200)}`)] : []),
      '',
      'most common value disagreements:',
      ...topReasons((v) => v.value, 10),
      '',
      'most common printing disagreements:',
      ...topReasons((v) => (v.value ? null : v.text), 10),
    ];
    console.log(lines.join('\n'));
    if (process.env.GOLDEN_LIST) {
      const list = (pick: (v: Verdict) => Reason | null) => verdicts.filter((v) => pick(v)).map((v) => `  '${v.cell.id}': ${JSON.stringify(pick(v)?.kind)},`);
      console.log(['DOCUMENTED_LIMITS candidates:', ...list((v) => v.value), 'DOCUMENTED_PRINT_LIMITS candidates:', ...list((v) => v.text)].join('\n'));
    }
    expect(verdicts.length).toBe(corpus.cells.length);
    expect(preludeFailures, 'prelude lines the notebook could not run').toEqual([]);
    // The figure over the whole corpus, the documented limits included.
    expect(verdicts.filter((v) => !v.value).length / verdicts.length).toBeGreaterThanOrEqual(GATE);
  });

  it('every cell is text the notebook parses', () => {
    const refused = corpus.cells.filter((c) => !parseProgram(c.source).ok).map((c) => `${c.id}: ${c.source}`);
    expect(refused).toEqual([]);
  });

  it(`agrees with NumPy on value, dtype and exception class for >= ${GATE * 100}% of the unlisted cells`, () => {
    const unlisted = verdicts.filter((v) => !(v.cell.id in DOCUMENTED_LIMITS));
    const disagreeing = unlisted.filter((v) => v.value);
    const shown = firstExamples(disagreeing).map((v) => oneLine(`${v.cell.id}: ${v.cell.source} -> ${v.value?.kind}: ${v.value?.detail}`));
    expect(1 - disagreeing.length / unlisted.length, `${disagreeing.length} of ${unlisted.length} disagree, e.g.\n${shown.join('\n')}`).toBeGreaterThanOrEqual(GATE);
  });

  it(`prints as NumPy prints (str and repr) for >= ${GATE * 100}% of the unlisted cells`, () => {
    const unlisted = verdicts.filter((v) => !(v.cell.id in DOCUMENTED_PRINT_LIMITS));
    const disagreeing = unlisted.filter((v) => v.text);
    const shown = firstExamples(disagreeing).map((v) => oneLine(`${v.cell.id}: ${v.cell.source} -> ${v.text?.kind}: ${v.text?.detail}`));
    expect(1 - disagreeing.length / unlisted.length, `${disagreeing.length} of ${unlisted.length} disagree, e.g.\n${shown.join('\n')}`).toBeGreaterThanOrEqual(GATE);
  });

  it('lists as documented limits only cells of the corpus that still disagree', () => {
    const ids = new Set(corpus.cells.map((c) => c.id));
    const byId = new Map(verdicts.map((v) => [v.cell.id, v]));
    const stale = [
      ...Object.keys(DOCUMENTED_LIMITS).filter((id) => !ids.has(id) || !byId.get(id)?.value),
      ...Object.keys(DOCUMENTED_PRINT_LIMITS).filter((id) => !ids.has(id) || !byId.get(id)?.text),
    ];
    expect(stale, 'these limits are gone or agree now: take them off the list').toEqual([]);
  });

  it('leaves tf.memory().numTensors where it found it', () => {
    expect(tensorsAfter, 'live tensors after the whole run vs before').toBe(tensorsBefore);
  });
});

describe('the golden fixtures follow the schema', () => {
  const TYPES = new Set(['ndarray', 'numpy-scalar', 'python']);
  const NUMPY_DTYPES = new Set(['bool', 'uint8', 'int32', 'int64', 'uint64', 'float32', 'float64']);
  const PYTHON_TYPES = new Set(['int', 'float', 'bool', 'str', 'tuple', 'list', 'NoneType', 'dtype', 'type']);
  const problems = (c: GoldenCell): string[] => {
    const out: string[] = [];
    if (c.id !== `${c.group}-${c.id.split('-').pop()}` || typeof c.source !== 'string') out.push('id/group/source');
    if (!c.ok) return typeof c.exception === 'string' && typeof c.message === 'string' ? out : [...out, 'exception/message'];
    if (!TYPES.has(c.type)) out.push(`type ${c.type}`);
    if (!(c.type === 'python' ? PYTHON_TYPES : NUMPY_DTYPES).has(c.dtype)) out.push(`dtype ${c.dtype}`);
    if (c.type !== 'ndarray' && c.shape.length !== 0) out.push('shape of a non-array');
    const count = c.type === 'ndarray' ? c.shape.reduce((a, b) => a * b, 1) : 1;
    const hasValues = c.type !== 'python' || ['int', 'float', 'bool'].includes(c.dtype);
    if (hasValues !== (c.values !== undefined) || (c.values !== undefined && c.values.length !== count)) out.push('values');
    if (typeof c.str !== 'string' || typeof c.repr !== 'string' || c.out !== (c.type === 'python' ? c.repr : c.str)) out.push('str/repr/out');
    return out;
  };
  it.each(['numpy-golden.json', 'mnist-golden.json'])('%s', (name) => {
    const doc = name === 'numpy-golden.json' ? corpus : loadCorpus(name);
    expect(doc.generated_by).toBe('scripts/numpy_golden.py');
    expect(doc.numpy).toMatch(/^2\./);
    expect(Array.isArray(doc.prelude)).toBe(true);
    expect(new Set(doc.cells.map((c) => c.id)).size).toBe(doc.cells.length);
    expect(doc.cells.flatMap((c) => problems(c).map((p) => `${c.id}: ${p}`))).toEqual([]);
  });
});
