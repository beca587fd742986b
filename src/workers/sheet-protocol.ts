/** Messages between the loader and the sheet worker (one request, one reply, matched by id). */
import type { SheetManifest } from '../data/format';

export interface SheetRequest {
  id: number;
  /** The sheet's PNG bytes (transferred). */
  png: Uint8Array;
  sheet: SheetManifest;
  /** Also send the values as float32 (for a WebGL upload). */
  floats: boolean;
}

export type SheetReply =
  | { id: number; ok: true; pixels: Uint8Array; sums: Uint32Array; floats?: Float32Array }
  | { id: number; ok: false; error: string };
