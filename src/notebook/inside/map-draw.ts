/** Drawing the embedding map on a 2-D canvas: 10,000 points in ten fills (one per label), mistakes ringed in one path, the selection being drawn. */
import type { MapView } from './map-view';

/** Tableau 10, one colour per digit (as TensorBoard's projector colours by label). */
export const LABEL_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export interface MapScene {
  coords: Float32Array;
  view: MapView;
  labels: Uint8Array | null;
  /** 1 where the prediction differs from the label, or null before an evaluation. */
  mistakes: Uint8Array | null;
  /** The selection being drawn: a box's two corners, or a lasso's path (screen px). */
  selection: { kind: 'box'; a: [number, number]; b: [number, number] } | { kind: 'lasso'; path: [number, number][] } | null;
}

/** Draws the scene on `g` (already scaled to CSS px) in a width x height box. Points outside the box are skipped. */
export function drawMap(g: CanvasRenderingContext2D, scene: MapScene, width: number, height: number): void {
  const { coords, view, labels, mistakes, selection } = scene;
  const n = coords.length / 2;
  const sx = (i: number) => (coords[2 * i] - view.cx) * view.scale + width / 2;
  const sy = (i: number) => -(coords[2 * i + 1] - view.cy) * view.scale + height / 2;
  g.clearRect(0, 0, width, height);
  // One fill style per label: ten passes over the points, no per-point style change.
  for (let label = 0; label < LABEL_COLOURS.length; label++) {
    g.fillStyle = LABEL_COLOURS[label];
    for (let i = 0; i < n; i++) {
      if ((labels?.[i] ?? 0) !== label) continue;
      const x = sx(i);
      const y = sy(i);
      if (x >= -2 && x <= width + 2 && y >= -2 && y <= height + 2) g.fillRect(x - 1.25, y - 1.25, 2.5, 2.5);
    }
  }
  if (mistakes) {
    g.strokeStyle = 'rgba(20, 20, 20, 0.85)';
    g.lineWidth = 1;
    g.beginPath();
    for (let i = 0; i < n; i++) {
      if (!mistakes[i]) continue;
      const x = sx(i);
      const y = sy(i);
      if (x < -4 || x > width + 4 || y < -4 || y > height + 4) continue;
      g.moveTo(x + 3, y);
      g.arc(x, y, 3, 0, 2 * Math.PI);
    }
    g.stroke();
  }
  if (selection) {
    g.strokeStyle = '#1a73e8';
    g.fillStyle = 'rgba(26, 115, 232, 0.08)';
    g.setLineDash([4, 3]);
    g.beginPath();
    if (selection.kind === 'box') {
      const { a, b } = selection;
      g.rect(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]));
    } else {
      selection.path.forEach(([x, y], k) => (k === 0 ? g.moveTo(x, y) : g.lineTo(x, y)));
      g.closePath();
    }
    g.fill();
    g.stroke();
    g.setLineDash([]);
  }
}
