/** A value or a message a person can act on: expected failures are values, not exceptions. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** Wraps a value as a successful Result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Wraps a human-readable message as a failed Result. */
export function err<T = never>(error: string): Result<T> {
  return { ok: false, error };
}
