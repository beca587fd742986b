/** Init scripts shared by e2e specs (they run in the page before its own scripts). */

/** Init script: keeps every WebGL2 context the page creates, so a test can lose it on purpose. Runs in the page. */
export function captureWebGlContexts(): void {
  const contexts: WebGL2RenderingContext[] = [];
  (window as unknown as { __glContexts: WebGL2RenderingContext[] }).__glContexts = contexts;
  const protos: { getContext: (...args: never[]) => unknown }[] = [HTMLCanvasElement.prototype];
  if (typeof OffscreenCanvas !== 'undefined') protos.push(OffscreenCanvas.prototype);
  for (const proto of protos) {
    const original = proto.getContext as (this: unknown, type: string, ...rest: unknown[]) => unknown;
    proto.getContext = function (this: unknown, type: string, ...rest: unknown[]) {
      const context = original.call(this, type, ...rest);
      if (type === 'webgl2' && context) contexts.push(context as WebGL2RenderingContext);
      return context;
    } as never;
  }
}

/**
 * Init script: the page as a private window or a locked-down browser may give it: no IndexedDB, a
 * localStorage that throws on every access, no navigator.storage. Runs in the page.
 */
export function withoutStorage(): void {
  Object.defineProperty(window, 'indexedDB', { configurable: true, value: undefined });
  Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get() {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    },
  });
  Object.defineProperty(Navigator.prototype, 'storage', { configurable: true, value: undefined });
}
