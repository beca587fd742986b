/** Keeps the current sample in the URL: read on mount and on popstate, written back through the URL store. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { clampSample, reduceSample, type SampleAction, type SplitCounts } from './sample';
import { SAMPLE_URL, indexPastEnd, type NotebookUrlState, type UrlParamIssue, type UrlRead } from './url-state';
import type { UrlStore } from './url-store';

/** The URL-backed sample state, clamped to `counts` once they are known (0 or missing = unknown). */
export function useUrlState(
  store: UrlStore,
  counts?: SplitCounts,
): {
  state: NotebookUrlState;
  dispatch: (action: SampleAction) => void;
  setState: (next: NotebookUrlState) => void;
  ignored: readonly UrlParamIssue[];
} {
  const [parsed, setParsed] = useState<UrlRead<NotebookUrlState>>(() => store.initial.sample);
  const train = counts?.train;
  const test = counts?.test;
  const known = useMemo<SplitCounts>(() => ({ train, test }), [train, test]);

  const raw = parsed.value;
  const state = useMemo(() => clampSample(raw, known), [raw, known]);
  const ignored = useMemo<readonly UrlParamIssue[]>(() => {
    if (state.index === raw.index) return parsed.ignored;
    return [...parsed.ignored, { param: SAMPLE_URL.params.index.name, value: String(raw.index), reason: indexPastEnd(known[raw.split] ?? 0, raw.split) }];
  }, [parsed.ignored, raw.index, raw.split, state.index, known]);

  const dispatch = useCallback(
    (action: SampleAction) =>
      setParsed((prev) => {
        const next = reduceSample(clampSample(prev.value, known), action, known);
        return next === prev.value ? prev : { value: next, ignored: prev.ignored };
      }),
    [known],
  );
  const setState = useCallback((next: NotebookUrlState) => setParsed((prev) => ({ value: next, ignored: prev.ignored })), []);

  useEffect(() => {
    const onPopState = () => setParsed(store.read('sample'));
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [store]);

  const { split, index, filter } = state;
  useEffect(() => store.write('sample', { split, index, filter }), [store, split, index, filter]);

  return { state, dispatch, setState, ignored };
}
