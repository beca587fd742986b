/** Failures of the expression language, worded as Python words them, with a position for the caret. */

/** Where in the cell's text a failure points: 0-based line and column, length in characters. */
export interface SourceSpan {
  line: number;
  column: number;
  length: number;
}

/**
 * A failed parse or evaluation: `error` is the full Python-style line ("SyntaxError: invalid syntax",
 * "IndexError: index 5 is out of bounds for axis 0 with size 5"); `span` is set when a caret can point at it.
 * Structurally a failed `Result` (src/lib/result.ts), with the position added.
 */
export interface ExprFailure {
  ok: false;
  error: string;
  span?: SourceSpan;
}

/** A syntax failure always has a position. */
export interface SyntaxFailure extends ExprFailure {
  span: SourceSpan;
}

/** `SyntaxError: <message>` at 0-based `line`, `column`. */
export function syntaxFailure(message: string, line: number, column: number, length = 1): SyntaxFailure {
  return { ok: false, error: `SyntaxError: ${message}`, span: { line, column, length: Math.max(1, length) } };
}

/** Python exception classes the evaluator raises. */
export type PyErrorType =
  | 'NameError'
  | 'TypeError'
  | 'ValueError'
  | 'IndexError'
  | 'AttributeError'
  | 'ZeroDivisionError'
  | 'OverflowError'
  | 'AxisError'
  | 'MemoryError'
  | 'RecursionError'
  | 'NotImplementedError';

/** Thrown inside the evaluator only; `evaluate` turns it into an ExprFailure and never lets it escape. */
export class PyError extends Error {
  readonly pyType: PyErrorType;
  span?: SourceSpan;
  constructor(pyType: PyErrorType, message: string, span?: SourceSpan) {
    super(`${pyType}: ${message}`);
    this.name = 'PyError';
    this.pyType = pyType;
    this.span = span;
  }
}

/** Renders a failure as a cell shows it: the source line, a caret line under the span, then the error. */
export function formatFailure(source: string, failure: ExprFailure): string {
  if (!failure.span) return failure.error;
  const lines = source.split(/\r\n|\r|\n/);
  const text = lines[failure.span.line] ?? '';
  const caret = ' '.repeat(failure.span.column) + '^'.repeat(Math.max(1, Math.min(failure.span.length, Math.max(1, text.length - failure.span.column))));
  return `    ${text}\n    ${caret}\n${failure.error}`;
}

/** A value, or a failure with Python's wording and (when known) a position. */
export type ExprResult<T, F extends ExprFailure = ExprFailure> = { ok: true; value: T } | F;

/** Wraps a value as a successful ExprResult. */
export function succeed<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}
