/** "Latest wins" for async work driven by fast input (a prediction per animation frame while drawing). */

export interface LatestRunner<I> {
  /** Runs the job on `input` now if idle, else remembers it (replacing any input still waiting) to run next. */
  run(input: I): void;
  /** Drops the waiting input and the result of the job in flight; the runner stays usable. */
  cancel(): void;
}

/**
 * At most one job in flight; inputs that arrive meanwhile replace each other and only the last one
 * runs after it, so a slow device never builds a queue and the answer catches up with the input.
 * `onResult` gets every finished job's output unless cancelled since it started. `job` must not reject.
 */
export function createLatestRunner<I, O>(job: (input: I) => Promise<O>, onResult: (output: O, input: I) => void): LatestRunner<I> {
  let busy = false;
  let waiting: { input: I } | null = null;
  let generation = 0;
  const start = (input: I) => {
    busy = true;
    const mine = generation;
    void job(input)
      .then((output) => {
        if (mine === generation) onResult(output, input);
      })
      .finally(() => {
        busy = false;
        const next = waiting;
        waiting = null;
        if (next) start(next.input);
      });
  };
  return {
    run(input) {
      if (busy) waiting = { input };
      else start(input);
    },
    cancel() {
      generation++;
      waiting = null;
    },
  };
}
