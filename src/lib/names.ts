/** Names a learner types (a saved model's, a run's): one set of rules, each store with its own limit and words. */
import { err, ok, type Result } from './result';

/** A name as typed: trimmed, 1..`max` characters, no control characters; `empty` is the message for a blank one. */
export function tryParseName(raw: string, max: number, empty: string): Result<string> {
  const name = raw.trim();
  if (name === '') return err(empty);
  if (name.length > max) return err(`a name has at most ${max} characters; this one has ${name.length}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return err('a name cannot contain control characters');
  return ok(name);
}
