import { describe, expect, it, vi } from 'vitest';
import { OfflineWorker } from '../../../../src/notebook/offline/offline-worker';

describe('the offline worker outside a production build', () => {
  it('registers nothing in the dev server (import.meta.env.PROD is false) and says nothing', () => {
    const worker = new OfflineWorker();
    const listener = vi.fn();
    worker.subscribe(listener);
    worker.start();
    expect(worker.getStatus()).toEqual({ kind: 'unsupported' });
    expect(listener).not.toHaveBeenCalled();
  });

  it('waits for start() before registering when enabled', () => {
    expect(new OfflineWorker(true).getStatus()).toEqual({ kind: 'idle' });
  });
});
