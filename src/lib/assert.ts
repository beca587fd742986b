/** Thrown when an invariant of the program (not of user input) is broken. */
export class InvariantError extends Error {
  readonly code = 'INVARIANT';
}

/** Asserts an invariant; user input errors should be Results instead. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}
