/** Worker: lays features out by UMAP (umap-core.ts) off the main thread, reporting its progress. */
import { umapLayout } from './umap-core';
import type { UmapReply, UmapRequest } from './umap-protocol';

const scope = self as unknown as { onmessage: ((e: MessageEvent<UmapRequest>) => void) | null; postMessage(message: UmapReply, transfer: Transferable[]): void };

scope.onmessage = (e) => {
  const { data, n, d, settings } = e.data;
  try {
    const { coords, epochs } = umapLayout(data, n, d, settings, (p) => scope.postMessage({ type: 'progress', ...p }, []));
    scope.postMessage({ type: 'done', coords, epochs }, [coords.buffer]);
  } catch (err) {
    scope.postMessage({ type: 'error', error: err instanceof Error ? err.message : String(err) }, []);
  }
};
