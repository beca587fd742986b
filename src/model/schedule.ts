/** Yielding to the event loop between batches, so clicks, scrolls and frames get their turn. */

/**
 * Resolves on a fresh macrotask. A MessageChannel message, not setTimeout(0): browsers clamp nested
 * timeouts to 4 ms, which would cost ~10% of a 30 ms batch. Falls back to setTimeout where there is no
 * MessageChannel.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel === 'undefined') {
      setTimeout(resolve, 0);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
