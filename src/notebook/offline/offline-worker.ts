/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/vanillajs" />
/**
 * Registers the offline service worker (built by vite-plugin-pwa, see scripts/pwa.ts) from the
 * page's own bundle, so no inline script is needed under the CSP, and keeps the OfflineStatus the
 * notice shows. In the dev server `virtual:pwa-register` registers nothing and the status stays
 * 'unsupported'.
 */
import { errorMessage } from '../../lib/format';
import { INITIAL_OFFLINE_STATUS, offlineReducer, type OfflineEvent, type OfflineStatus } from './offline-status';

type Listener = () => void;

export class OfflineWorker {
  private status: OfflineStatus;
  private readonly listeners = new Set<Listener>();
  private applyUpdate: (() => Promise<void>) | null = null;
  private reloading = false;

  constructor(private readonly enabled = import.meta.env.PROD && typeof navigator !== 'undefined' && 'serviceWorker' in navigator) {
    this.status = enabled ? INITIAL_OFFLINE_STATUS : { kind: 'unsupported' };
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getStatus = (): OfflineStatus => this.status;

  /** Registers the worker once (later calls do nothing). A waiting new version shows as 'update'. */
  start(): void {
    if (!this.enabled || this.status.kind !== 'idle') return;
    this.dispatch({ type: 'register' });
    import('virtual:pwa-register')
      .then(({ registerSW }) => {
        this.applyUpdate = registerSW({
          immediate: true,
          onOfflineReady: () => this.dispatch({ type: 'offline-ready' }),
          onNeedRefresh: () => this.dispatch({ type: 'need-refresh' }),
          onNeedReload: () => this.reload(),
          onRegisteredSW: (_url, registration) => {
            // An active worker holds a whole version (it activates only once its precache is complete).
            this.dispatch({ type: 'registered', cached: Boolean(registration?.active) });
            if (registration) this.watch(registration);
          },
          onRegisterError: (e: unknown) => this.dispatch({ type: 'error', message: errorMessage(e) }),
        });
      })
      .catch((e: unknown) => this.dispatch({ type: 'error', message: errorMessage(e) }));
  }

  /** Lets the waiting worker take over; the page reloads once it controls it (then old and new files never mix). */
  update(): Promise<void> {
    navigator.serviceWorker.addEventListener('controllerchange', () => this.reload(), { once: true });
    return this.applyUpdate?.() ?? Promise.resolve();
  }

  /**
   * Workbox's window library only sees a new version whose install starts after it registered; the
   * browser's own update check at the page load may have begun earlier, so the registration is
   * watched too, and checked for a new version once (not offline, where the check can only fail).
   */
  private watch(registration: ServiceWorkerRegistration): void {
    const check = (event?: Event) => {
      if (registration.waiting && registration.active) this.dispatch({ type: 'need-refresh' });
      // A first install that failed (a file missing or not matching its SHA-256) leaves no worker at all.
      else if ((event?.target as ServiceWorker | undefined)?.state === 'redundant' && !registration.active) this.dispatch({ type: 'error', message: 'the app could not be saved in this browser; it will be tried again at the next visit.' });
    };
    registration.installing?.addEventListener('statechange', check);
    registration.addEventListener('updatefound', () => registration.installing?.addEventListener('statechange', check));
    check();
    if (navigator.onLine) registration.update().catch(() => {});
  }

  private reload(): void {
    if (this.reloading) return;
    this.reloading = true;
    window.location.reload();
  }

  private dispatch(event: OfflineEvent): void {
    const next = offlineReducer(this.status, event);
    if (next === this.status) return;
    this.status = next;
    for (const listener of this.listeners) listener();
  }
}
