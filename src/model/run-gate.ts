/** The pause/step/stop handshake between a trainer's control methods and its loop, which parks between batches. */

/**
 * Requests from the controls, read by the loop before each batch. No tensors, no state of its own
 * beyond the requests: the trainer keeps its state and says when it parks.
 */
export class RunGate {
  private pauseRequested = false;
  private stepRequested = false;
  private stopRequested = false;
  private wake: (() => void) | null = null;
  private parkedWaiters: (() => void)[] = [];

  /** A run begins: paused, it runs one batch and parks (a step from idle). */
  arm(paused: boolean): void {
    this.stopRequested = false;
    this.pauseRequested = paused;
    this.stepRequested = paused;
  }

  /** Park before the next batch; resolves once parked, ended, or resumed before it took effect. */
  requestPause(): Promise<void> {
    this.pauseRequested = true;
    return this.whenParked();
  }

  /** Drops a pause (and a step) not yet taken; the caller wakes the loop if it is parked. */
  clearPause(): void {
    this.pauseRequested = false;
    this.stepRequested = false;
  }

  /** One batch from a parked loop; resolves once parked again (or ended). */
  requestStep(): Promise<void> {
    this.stepRequested = true;
    const parked = this.whenParked();
    this.wakeLoop();
    return parked;
  }

  /** End the run before the next batch. */
  requestStop(): void {
    this.stopRequested = true;
    this.wakeLoop();
  }

  /** Lets a parked loop look at the requests again. */
  wakeLoop(): void {
    this.wake?.();
  }

  /**
   * The loop's side, before each batch: waits while paused (calling `onPark` each time it parks);
   * true to run a batch, false to stop.
   */
  async pass(onPark: () => void): Promise<boolean> {
    for (;;) {
      if (this.stopRequested) return false;
      if (!this.pauseRequested) return true;
      if (this.stepRequested) {
        this.stepRequested = false;
        return true;
      }
      onPark();
      this.settleParked();
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  /** The run ended: no request carries over to the next. */
  reset(): void {
    this.pauseRequested = false;
    this.stepRequested = false;
    this.stopRequested = false;
  }

  /** Resolves at the next park (or settleParked). */
  whenParked(): Promise<void> {
    return new Promise((resolve) => this.parkedWaiters.push(resolve));
  }

  /** Resolves everyone waiting for a park. */
  settleParked(): void {
    const waiters = this.parkedWaiters;
    this.parkedWaiters = [];
    waiters.forEach((resolve) => resolve());
  }
}
