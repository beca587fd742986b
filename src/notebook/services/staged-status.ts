import { FramePublisher } from './frame-publisher';

/**
 * A status snapshot with two speeds of update: at once (published now), and staged (merged and
 * published by a trailing timer at most every `intervalMs`), for patches that come faster than the
 * page should redraw, such as batch progress. An update at once first applies what is staged, so
 * the newer patch wins where both set a field.
 */
export class StagedStatus<T extends object> {
  private value: T;
  private staged: Partial<T> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastStagedAt = 0;
  private readonly publisher = new FramePublisher();

  constructor(
    initial: T,
    private readonly intervalMs: number,
  ) {
    this.value = initial;
  }

  /** For useSyncExternalStore. */
  subscribe = this.publisher.subscribe;

  get = (): T => this.value;

  /** Applies `patch`; `now` publishes at once (with anything staged), else at the next animation frame. */
  update(patch: Partial<T>, now = false): void {
    if (now && this.staged) {
      this.value = { ...this.value, ...this.staged };
      this.dropStaged();
    }
    this.value = { ...this.value, ...patch };
    this.publisher.publish(now);
  }

  /** Replaces the whole snapshot (dropping what is staged) and publishes at once. */
  replace(value: T): void {
    this.dropStaged();
    this.value = value;
    this.publisher.publish(true);
  }

  /** Merges `patch` into what waits for the trailing timer. */
  stage(patch: Partial<T>): void {
    this.staged = { ...this.staged, ...patch };
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastStagedAt + this.intervalMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      const staged = this.staged;
      this.staged = null;
      this.lastStagedAt = performance.now();
      if (staged) this.update(staged);
    }, wait);
  }

  /** Forgets what is staged. */
  dropStaged(): void {
    this.staged = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Drops what is staged and any pending frame's notification. */
  dispose(): void {
    this.dropStaged();
    this.publisher.cancel();
  }
}
