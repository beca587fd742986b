/** Change notification for the services' status snapshots: at most once per animation frame, or at once when asked. */
export class FramePublisher {
  private readonly listeners = new Set<() => void>();
  private frame: number | null = null;

  /** For useSyncExternalStore: calls `listener` after each published change; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Notifies now (`now`), or once at the next animation frame however many changes come before it. */
  publish(now: boolean): void {
    if (now) {
      this.cancel();
      this.notify();
      return;
    }
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.notify();
    });
  }

  /** Drops a pending frame's notification. */
  cancel(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
  }

  private notify(): void {
    this.listeners.forEach((l) => l());
  }
}
