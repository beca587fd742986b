/** Keeps the current sample in the URL: read on mount and on popstate, written back (debounced) with replaceState. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { clampSample, reduceSample, type SampleAction, type SplitCounts } from './sample';
import {
  DEFAULT_URL_STATE,
  URL_PARAMS,
  mergeUrlState,
  parseUrlStateWithIssues,
  type NotebookUrlState,
  type UrlParamIssue,
} from './url-state';

/** Delay before the URL follows the state, so holding an arrow key does not flood history. */
export const URL_WRITE_DELAY_MS = 150;

interface Parsed {
  state: NotebookUrlState;
  ignored: UrlParamIssue[];
}

function readLocation(): Parsed {
  if (typeof window === 'undefined') return { state: DEFAULT_URL_STATE, ignored: [] };
  return parseUrlStateWithIssues(window.location.search);
}

/** The URL-backed sample state, clamped to `counts` once they are known (0 or missing = unknown). */
export function useUrlState(counts?: SplitCounts): {
  state: NotebookUrlState;
  dispatch: (action: SampleAction) => void;
  setState: (next: NotebookUrlState) => void;
  ignored: readonly UrlParamIssue[];
} {
  const [parsed, setParsed] = useState<Parsed>(readLocation);
  const train = counts?.train;
  const test = counts?.test;
  const known = useMemo<SplitCounts>(() => ({ train, test }), [train, test]);

  const raw = parsed.state;
  const state = useMemo(() => clampSample(raw, known), [raw, known]);
  const ignored = useMemo<readonly UrlParamIssue[]>(() => {
    if (state.index === raw.index) return parsed.ignored;
    const reason = `i must be below ${known[raw.split]}, the size of ${raw.split}`;
    return [...parsed.ignored, { param: URL_PARAMS.index, value: String(raw.index), reason }];
  }, [parsed.ignored, raw.index, raw.split, state.index, known]);

  const dispatch = useCallback(
    (action: SampleAction) =>
      setParsed((prev) => {
        const next = reduceSample(clampSample(prev.state, known), action, known);
        return next === prev.state ? prev : { state: next, ignored: prev.ignored };
      }),
    [known],
  );
  const setState = useCallback((next: NotebookUrlState) => setParsed((prev) => ({ state: next, ignored: prev.ignored })), []);

  useEffect(() => {
    const onPopState = () => setParsed(readLocation());
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const { split, index, filter } = state;
  useEffect(() => {
    const timer = window.setTimeout(() => {
      const search = mergeUrlState(window.location.search, { split, index, filter });
      if (search === window.location.search) return;
      const url = `${window.location.pathname}${search}${window.location.hash}`;
      window.history.replaceState(window.history.state, '', url);
    }, URL_WRITE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [split, index, filter]);

  return { state, dispatch, setState, ignored };
}
