/** Keeps a rendering failure of the drawing cell inside the cell, as a message with a retry, instead of taking the notebook down. */
import type { ReactNode } from 'react';
import { ErrorBoundary } from '../ErrorBoundary';
import { cellTitle } from '../registry';

function drawCrash(error: Error, retry: () => void): ReactNode {
  return (
    <section className="cell" data-testid="cell.draw" aria-label={cellTitle('draw')}>
      <p className="draw-message draw-message--error" role="alert" data-testid="draw.crash">
        The drawing pad failed: {error.message}.{' '}
        <button type="button" onClick={retry}>
          Start the pad again
        </button>
      </p>
    </section>
  );
}

export function DrawBoundary({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary what="the drawing cell" fallback={drawCrash}>
      {children}
    </ErrorBoundary>
  );
}
