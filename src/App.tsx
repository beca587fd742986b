import { useEffect, useState } from 'react';
import { Notebook } from './notebook/Notebook';
import type { DatasetService } from './notebook/services/dataset-service';
import { DatasetContext } from './notebook/services/DatasetContext';
import { ErrorBoundary } from './notebook/ErrorBoundary';
import { ExprService } from './notebook/services/expr-service';
import { ExprContext } from './notebook/services/ExprContext';
import { linkTrainingToCells } from './notebook/services/predictions-link';
import { TrainingService } from './notebook/services/training-service';
import { TrainingContext } from './notebook/services/TrainingContext';
import { ModelLibraryService } from './notebook/services/model-library';
import { ModelLibraryContext } from './notebook/training/models/ModelLibraryContext';
import { createIndexedDbStores } from './model/model-store';
import { createIndexedDbRunStore } from './model/run-store';
import { RunsService } from './notebook/services/run-recorder';
import { RunsContext } from './notebook/training/runs/RunsContext';
import { BrowserStorage } from './notebook/services/browser-storage';
import { OfflineNotice } from './notebook/offline/OfflineNotice';
import { OfflineWorker } from './notebook/offline/offline-worker';
import { PadContext } from './notebook/services/PadContext';
import { PadStore } from './notebook/services/pad-store';

/** Provides the dataset and training services to the notebook and frees every tensor when the page goes away. */
export function App({ service }: { service: DatasetService }) {
  // The saved models and the training checkpoint live in IndexedDB; the first save asks the browser to keep it.
  const [storage] = useState(() => new BrowserStorage());
  const [stores] = useState(() => storage.guard(createIndexedDbStores()));
  const [training] = useState(() => {
    const created = new TrainingService(service, { checkpoints: stores });
    // For `npm run bench` and the e2e tests: the live series and timings (read-only use).
    window.__mnistTraining = created;
    return created;
  });
  const [runs] = useState(() => new RunsService(createIndexedDbRunStore(), { getStatus: training.getStatus, subscribe: training.subscribe, history: training.history, datasetSource: () => service.getStatus().source }));
  const [expr] = useState(() => new ExprService(service));
  const [library] = useState(() => new ModelLibraryService(training, service, stores, storage));
  const [offline] = useState(() => new OfflineWorker());
  const [pad] = useState(() => new PadStore());
  useEffect(() => linkTrainingToCells(training, expr), [training, expr]);
  useEffect(() => {
    const free = () => {
      expr.dispose();
      library.dispose();
      runs.dispose();
      training.dispose();
      service.dispose();
    };
    window.addEventListener('pagehide', free);
    return () => window.removeEventListener('pagehide', free);
  }, [service, training, expr, library, runs]);
  return (
    <ErrorBoundary>
      <DatasetContext.Provider value={service}>
        <TrainingContext.Provider value={training}>
          <ExprContext.Provider value={expr}>
            <ModelLibraryContext.Provider value={library}>
              <RunsContext.Provider value={runs}>
                <PadContext.Provider value={pad}>
                  <Notebook />
                  <OfflineNotice worker={offline} />
                </PadContext.Provider>
              </RunsContext.Provider>
            </ModelLibraryContext.Provider>
          </ExprContext.Provider>
        </TrainingContext.Provider>
      </DatasetContext.Provider>
    </ErrorBoundary>
  );
}
