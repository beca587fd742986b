/** The drawing pad's geometry and stroke list, as plain functions (the component only wires events to them). */
import type { Drawing, Point } from '../../data/strokes';

/** The pad's side in its own units (CSS pixels at full size); strokes are recorded in these units whatever the pad's displayed size. */
export const PAD_SIZE = 280;
/**
 * Pen diameter in pad units. A digit filling the pad is scaled by 20/280 on its way to 20x20, so
 * its strokes end ~1.7 px wide plus anti-aliased edges: about the 2-3 px of MNIST's pen.
 */
export const PEN_WIDTH = 24;
/**
 * Points closer than this (pad units) to the previous one add nothing visible under a 24-unit round
 * pen and are dropped: fewer segments keep the per-frame preprocessing (a few ms) short.
 */
export const MIN_STEP = 1.5;

/** A strokes list as the MNIST preprocessing takes it. */
export function padDrawing(strokes: readonly (readonly Point[])[]): Drawing {
  return { width: PAD_SIZE, height: PAD_SIZE, penWidth: PEN_WIDTH, strokes };
}

/** A pointer position (client pixels) in pad units, given the pad's on-screen box; null if the box has no area or a number is not finite. */
export function toPadPoint(clientX: number, clientY: number, rect: { left: number; top: number; width: number; height: number }, size = PAD_SIZE): Point | null {
  if (!(rect.width > 0) || !(rect.height > 0)) return null;
  const x = ((clientX - rect.left) / rect.width) * size;
  const y = ((clientY - rect.top) / rect.height) * size;
  return Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
}

/** Appends to `stroke` (in place) the points at least `minStep` from the last kept one; returns how many were kept. */
export function appendPoints(stroke: Point[], points: readonly Point[], minStep = MIN_STEP): number {
  let kept = 0;
  for (const p of points) {
    const last = stroke[stroke.length - 1];
    if (last && Math.hypot(p.x - last.x, p.y - last.y) < minStep) continue;
    stroke.push({ x: p.x, y: p.y });
    kept++;
  }
  return kept;
}

/** A copy of the strokes, each stroke copied too (the pad keeps appending to its own). */
export function snapshotStrokes(strokes: readonly (readonly Point[])[]): Point[][] {
  return strokes.map((s) => s.slice());
}
