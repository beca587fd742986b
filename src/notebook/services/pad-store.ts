/**
 * The drawing pad's latest drawing, shared by the cells that show it (the pad itself, and "Inside the
 * network", which runs it through the layers): a store for useSyncExternalStore, provided once by <App>.
 */

/** The pad's latest drawing as the model is given it (784 bytes), numbered so a new one is told from the last. */
export interface PadImage {
  pixels: Uint8Array;
  version: number;
}

export class PadStore {
  private image: PadImage | null = null;
  private version = 0;
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The latest drawing, or null when the pad is empty. */
  getSnapshot = (): PadImage | null => this.image;

  /** The pad's drawing changed (784 bytes as the model is given them), or was cleared (null); the same one twice is no change. */
  show(pixels: Uint8Array | null): void {
    if (pixels === this.image?.pixels || (pixels === null && this.image === null)) return;
    this.image = pixels ? { pixels, version: ++this.version } : null;
    for (const listener of this.listeners) listener();
  }
}
