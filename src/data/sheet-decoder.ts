/**
 * Decodes sprite sheets in module workers (src/workers/sheet-decoder.worker.ts), so inflating and
 * rearranging 55 MB of pixels never blocks the page; in the caller's thread where there are no workers
 * (Node's tests) or a worker cannot start (it then says so once, in the console, and carries on).
 */
import type { Result } from '../lib/result';
import type { SheetManifest } from './format';
import { tryDecodeSheet, type DecodedSheet } from './sheet-decode';
import type { SheetReply, SheetRequest } from '../workers/sheet-protocol';

export interface SheetDecoder {
  /** Decodes a sheet; `floats` asks for DecodedSheet.floats too. Never rejects. */
  decode(png: Uint8Array, sheet: SheetManifest, floats?: boolean): Promise<Result<DecodedSheet>>;
  /** Ends the workers; pending decodes finish in the caller's thread. */
  dispose(): void;
}

/** Decodes in the caller's thread. */
export const inThreadDecoder: SheetDecoder = { decode: tryDecodeSheet, dispose: () => {} };

/**
 * Workers decoding at once. Measured here (2 cores, 3 production loads each): every sheet written into the
 * tensors at 1.23-1.79 s from navigation with two, 1.58-1.80 s with one (the main thread idles between uploads).
 */
const WORKERS = 2;

interface Pending {
  png: Uint8Array;
  sheet: SheetManifest;
  floats: boolean;
  resolve: (r: Result<DecodedSheet>) => void;
}

interface Lane {
  worker: Worker | null;
  pending: Map<number, Pending>;
}

/** A decoder backed by module workers when the platform has them, else inThreadDecoder. */
export function createSheetDecoder(workers = WORKERS): SheetDecoder {
  if (typeof Worker !== 'function') return inThreadDecoder;
  const lanes: Lane[] = [];
  for (let k = 0; k < workers; k++) {
    try {
      lanes.push({ worker: new Worker(new URL('../workers/sheet-decoder.worker.ts', import.meta.url), { type: 'module', name: `sheet-decoder-${k}` }), pending: new Map() });
    } catch {
      break;
    }
  }
  if (lanes.length === 0) return inThreadDecoder;
  let nextId = 0;
  /** Ends a lane's worker and finishes what it held in this thread. */
  const fallBack = (lane: Lane, why: string | null) => {
    if (why && lane.worker) console.warn(`mnist-notebook: a sheet decoder worker stopped (${why}); decoding on the main thread`);
    lane.worker?.terminate();
    lane.worker = null;
    for (const p of lane.pending.values()) void tryDecodeSheet(p.png, p.sheet, p.floats).then(p.resolve);
    lane.pending.clear();
  };
  for (const lane of lanes) {
    const worker = lane.worker!;
    worker.onmessage = (e: MessageEvent<SheetReply>) => {
      const reply = e.data;
      const p = lane.pending.get(reply.id);
      if (!p) return;
      lane.pending.delete(reply.id);
      p.resolve(reply.ok ? { ok: true, value: { pixels: reply.pixels, sums: reply.sums, floats: reply.floats } } : { ok: false, error: reply.error });
    };
    worker.onerror = (e) => {
      e.preventDefault();
      fallBack(lane, e.message || 'it could not be loaded');
    };
    worker.onmessageerror = () => fallBack(lane, 'a message could not be read');
  }
  return {
    decode(png, sheet, floats = false) {
      const live = lanes.filter((l) => l.worker);
      if (live.length === 0) return tryDecodeSheet(png, sheet, floats);
      const lane = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      return new Promise((resolve) => {
        const id = nextId++;
        // A copy goes to the worker: the caller's bytes stay usable.
        const copy = png.slice();
        lane.pending.set(id, { png, sheet, floats, resolve });
        const request: SheetRequest = { id, png: copy, sheet, floats };
        lane.worker!.postMessage(request, [copy.buffer]);
      });
    },
    dispose: () => lanes.forEach((lane) => fallBack(lane, null)),
  };
}
