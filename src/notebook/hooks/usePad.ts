import { useContext, useSyncExternalStore } from 'react';
import { PadContext } from '../services/PadContext';
import type { PadImage, PadStore } from '../services/pad-store';

/** The pad's store from context; throws if rendered outside <App>. */
export function usePadStore(): PadStore {
  const store = useContext(PadContext);
  if (!store) throw new Error('usePadStore must be used inside <App>');
  return store;
}

/** The pad's latest drawing (re-rendering when it changes), or null. */
export function usePad(): PadImage | null {
  const store = usePadStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
