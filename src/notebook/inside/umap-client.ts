/** Runs UMAP in a Web Worker of its own (workers/umap.worker.ts): plain features in, 2-D coordinates out, progress on the way, cancellable. */
import type { UmapProgress, UmapReply, UmapRequest, UmapSettings } from '../../workers/umap-protocol';

/** The slice of a Worker the client uses (a fake one in tests). */
export interface UmapWorkerLike {
  onmessage: ((e: MessageEvent<UmapReply>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  postMessage(message: UmapRequest, transfer: Transferable[]): void;
  terminate(): void;
}

export interface UmapJob {
  /** The layout, or null once cancelled; rejects with the worker's error. */
  result: Promise<{ coords: Float32Array; epochs: number } | null>;
  /** Stops the worker; `result` resolves null. */
  cancel(): void;
}

const createUmapWorker = (): UmapWorkerLike => new Worker(new URL('../../workers/umap.worker.ts', import.meta.url), { type: 'module', name: 'umap' });

/** Lays `data` [n, d] (transferred: unusable here afterwards) out by UMAP in a new worker, ended when the job ends. */
export function runUmap(data: Float32Array, n: number, d: number, settings: UmapSettings, onProgress: (p: UmapProgress) => void, createWorker: () => UmapWorkerLike = createUmapWorker): UmapJob {
  let worker: UmapWorkerLike | null = null;
  let settle: (value: { coords: Float32Array; epochs: number } | null) => void = () => {};
  let fail: (e: Error) => void = () => {};
  const result = new Promise<{ coords: Float32Array; epochs: number } | null>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const end = () => {
    worker?.terminate();
    worker = null;
  };
  try {
    worker = createWorker();
  } catch (e) {
    fail(new Error(`the UMAP worker could not start: ${e instanceof Error ? e.message : String(e)}`));
    return { result, cancel: () => {} };
  }
  worker.onmessage = (e) => {
    const reply = e.data;
    if (reply.type === 'progress') {
      if (worker) onProgress(reply.stage === 'layout' ? { stage: 'layout', epoch: reply.epoch, epochs: reply.epochs } : { stage: 'neighbours' });
      return;
    }
    end();
    if (reply.type === 'done') settle({ coords: reply.coords, epochs: reply.epochs });
    else fail(new Error(reply.error));
  };
  worker.onerror = (e) => {
    e.preventDefault?.();
    end();
    fail(new Error(`the UMAP worker failed: ${e.message || 'it could not be loaded'}`));
  };
  worker.postMessage({ data, n, d, settings }, [data.buffer]);
  return {
    result,
    cancel: () => {
      if (!worker) return;
      end();
      settle(null);
    },
  };
}
