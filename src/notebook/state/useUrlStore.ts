/** The page's URL store, made once by the notebook and shared with the cells that keep state in the link. */
import { createContext, useContext } from 'react';
import type { UrlStore } from './url-store';

/** Provided by the notebook around its cells. */
export const UrlStoreContext = createContext<UrlStore | null>(null);

/** The notebook's URL store; throws outside the notebook, where no link is kept. */
export function useUrlStore(): UrlStore {
  const store = useContext(UrlStoreContext);
  if (!store) throw new Error('useUrlStore: no UrlStoreContext.Provider above this component');
  return store;
}
