import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import type { DatasetService } from './notebook/services/dataset-service';
import './styles.css';

/** Mounts the notebook around an already-started dataset service. */
export function render(container: HTMLElement, service: DatasetService, onFirstPaint: () => void): void {
  createRoot(container).render(
    <StrictMode>
      <App service={service} />
    </StrictMode>,
  );
  // Two frames: the first commit has been painted.
  requestAnimationFrame(() => requestAnimationFrame(onFirstPaint));
}
