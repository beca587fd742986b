/**
 * What the page says about working offline, as a pure reducer over the service worker's events
 * (registered, cached, a new version waiting, failed). The worker itself lives in offline-worker.ts.
 */

export type OfflineStatus =
  /** No worker: the dev server, or a browser or origin without service workers (plain http). */
  | { kind: 'unsupported' }
  /** Waiting for the dataset to load before registering, so the worker's downloads do not compete with the page's. */
  | { kind: 'idle' }
  /** The worker is downloading the app and the dataset into its cache. */
  | { kind: 'caching' }
  /** The app and the dataset are cached: the next visit works without a network. */
  | { kind: 'ready' }
  /** A new version is cached and waits; the page keeps the old one until the user reloads to update. */
  | { kind: 'update' }
  | { kind: 'failed'; message: string };

export type OfflineEvent =
  | { type: 'register' }
  /** The registration exists; `cached` when an active worker already holds a version of the app and the dataset. */
  | { type: 'registered'; cached: boolean }
  | { type: 'offline-ready' }
  | { type: 'need-refresh' }
  | { type: 'error'; message: string };

export const INITIAL_OFFLINE_STATUS: OfflineStatus = { kind: 'idle' };

/** The next status; a waiting update stays shown until the page reloads, whatever comes after it. */
export function offlineReducer(status: OfflineStatus, event: OfflineEvent): OfflineStatus {
  if (status.kind === 'update' || status.kind === 'unsupported') return status;
  switch (event.type) {
    case 'register':
      return status.kind === 'idle' ? { kind: 'caching' } : status;
    case 'registered':
      return event.cached && status.kind === 'caching' ? { kind: 'ready' } : status;
    case 'offline-ready':
      return status.kind === 'ready' ? status : { kind: 'ready' };
    case 'need-refresh':
      return { kind: 'update' };
    case 'error':
      // A failed update check (offline, say) does not undo a cache that is already there.
      return status.kind === 'ready' ? status : { kind: 'failed', message: event.message };
  }
}

/** The sentence the page shows for a status, or null when it says nothing. */
export function offlineMessage(status: OfflineStatus): string | null {
  switch (status.kind) {
    case 'unsupported':
    case 'idle':
      return null;
    case 'caching':
      return 'Saving the app and the dataset for offline use…';
    case 'ready':
      return 'Ready to work offline: the app and the dataset are cached in this browser.';
    case 'update':
      return 'A new version of the app is ready.';
    case 'failed':
      return `Offline use is not available: ${status.message}`;
  }
}
