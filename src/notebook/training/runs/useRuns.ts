import { useCallback, useContext, useSyncExternalStore } from 'react';
import type { RunsService, RunsStatus } from '../../services/run-recorder';
import { RunsContext } from './RunsContext';

/** The runs service from context, or null outside <App>. */
export function useRunsService(): RunsService | null {
  return useContext(RunsContext);
}

const EMPTY: RunsStatus = { runs: [], currentId: null, bytes: 0, budget: 0, message: null, ready: false, restore: null };
const noop = () => () => {};

/** One part of the runs' status; re-renders when it changes. */
export function useRunsSelector<T>(select: (status: RunsStatus) => T): T {
  const service = useRunsService();
  const get = useCallback(() => select(service ? service.getStatus() : EMPTY), [service, select]);
  return useSyncExternalStore(service ? service.subscribe : noop, get);
}
