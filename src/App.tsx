import { useEffect } from 'react';
import { Notebook } from './notebook/Notebook';
import type { DatasetService } from './notebook/services/dataset-service';
import { DatasetContext } from './notebook/services/DatasetContext';
import { ErrorBoundary } from './notebook/ErrorBoundary';

/** Provides the dataset service to the notebook and frees every tensor when the page goes away. */
export function App({ service }: { service: DatasetService }) {
  useEffect(() => {
    const free = () => service.dispose();
    window.addEventListener('pagehide', free);
    return () => window.removeEventListener('pagehide', free);
  }, [service]);
  return (
    <ErrorBoundary>
      <DatasetContext.Provider value={service}>
        <Notebook />
      </DatasetContext.Provider>
    </ErrorBoundary>
  );
}
