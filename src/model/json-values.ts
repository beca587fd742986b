/** Small readers of untrusted JSON values (a model.json's topology and manifest), shared by the model-file checks. */

/** A JSON object as parsed: every value still to be checked. */
export type Json = Record<string, unknown>;

/** Whether a parsed value is a plain object (not null, not a list). */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a parsed value is a whole number >= 0. */
export const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** A value as a short piece of text for a message. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `[${v.map((x) => (x === null ? 'null' : typeof x === 'number' ? String(x) : show(x))).join(', ')}]`;
  if (isObject(v)) return 'an object';
  const text = typeof v === 'string' ? `'${v}'` : String(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** A shape as a message writes it, e.g. [null, 28, 28, 1]. */
export function describeShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

/** The number of elements of a shape (1 for []). */
export function elementsOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A Keras size or stride (n or [a, b]) as a pair; `fallback` twice when absent; null when it is neither. */
export const pair = (v: unknown, fallback: number): [number, number] | null => {
  if (v === undefined || v === null) return [fallback, fallback];
  if (isCount(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every(isCount)) return [v[0] as number, v[1] as number];
  return null;
};
