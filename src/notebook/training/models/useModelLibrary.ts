import { useCallback, useContext, useSyncExternalStore } from 'react';
import type { LibraryStatus, ModelLibraryService } from '../../services/model-library';
import { ModelLibraryContext } from './ModelLibraryContext';

/** The library service from context, or null outside <App> (the panel then renders nothing). */
export function useModelLibrary(): ModelLibraryService | null {
  return useContext(ModelLibraryContext);
}

const EMPTY: LibraryStatus = { entries: null, busy: null, notice: null, confirmReplace: null, storage: null };
const noop = () => () => {};

/** One part of the library status; re-renders when it changes. */
export function useLibrarySelector<T>(select: (status: LibraryStatus) => T): T {
  const service = useModelLibrary();
  const get = useCallback(() => select(service ? service.getStatus() : EMPTY), [service, select]);
  return useSyncExternalStore(service ? service.subscribe : noop, get);
}
