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

  /**
   * The pad's drawing changed (784 bytes as the model is given them), or was cleared (null). The same
   * pixels again are no change: the pad prepares the drawing anew when the pen lifts, and running the
   * same image through the layers again would queue behind the pad's own work on the GPU.
   */
  show(pixels: Uint8Array | null): void {
    if (pixels === null ? this.image === null : this.image !== null && samePixels(pixels, this.image.pixels)) return;
    this.image = pixels ? { pixels, version: ++this.version } : null;
    for (const listener of this.listeners) listener();
  }
}

function samePixels(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
