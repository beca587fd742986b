/** The embedding map's view maths, without React or a canvas: fitting the points, pan and zoom, hit tests. */

/** Data to screen: screen = (data - centre) * scale + half the size, y pointing down. */
export interface MapView {
  cx: number;
  cy: number;
  /** Screen px per data unit. */
  scale: number;
}

/** The view that shows every point of `coords` (x0, y0, x1, y1, ...) inside a width x height box with a margin. */
export function fitView(coords: Float32Array, width: number, height: number, margin = 12): MapView {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < coords.length; i += 2) {
    x0 = Math.min(x0, coords[i]);
    x1 = Math.max(x1, coords[i]);
    y0 = Math.min(y0, coords[i + 1]);
    y1 = Math.max(y1, coords[i + 1]);
  }
  if (!Number.isFinite(x0)) return { cx: 0, cy: 0, scale: 1 };
  const spanX = Math.max(x1 - x0, 1e-9);
  const spanY = Math.max(y1 - y0, 1e-9);
  return { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, scale: Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY) };
}

/** Point i's screen position in `view` for a width x height box. */
export function toScreen(view: MapView, coords: Float32Array, i: number, width: number, height: number): [number, number] {
  return [(coords[2 * i] - view.cx) * view.scale + width / 2, -(coords[2 * i + 1] - view.cy) * view.scale + height / 2];
}

/** The view zoomed by `factor` about the screen point (sx, sy), which stays where it is. */
export function zoomAt(view: MapView, factor: number, sx: number, sy: number, width: number, height: number): MapView {
  const dx = (sx - width / 2) / view.scale + view.cx;
  const dy = -(sy - height / 2) / view.scale + view.cy;
  const scale = view.scale * factor;
  return { scale, cx: dx - (sx - width / 2) / scale, cy: dy + (sy - height / 2) / scale };
}

/** The view moved by a drag of (dx, dy) screen px. */
export function panBy(view: MapView, dx: number, dy: number): MapView {
  return { ...view, cx: view.cx - dx / view.scale, cy: view.cy + dy / view.scale };
}

/** The point nearest (sx, sy) within `radius` screen px, or -1. */
export function nearestPoint(view: MapView, coords: Float32Array, sx: number, sy: number, width: number, height: number, radius = 6): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < coords.length / 2; i++) {
    const [x, y] = toScreen(view, coords, i, width, height);
    const d = (x - sx) ** 2 + (y - sy) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** The points inside the screen rectangle between two corners, in index order. */
export function pointsInBox(view: MapView, coords: Float32Array, a: [number, number], b: [number, number], width: number, height: number): Int32Array {
  const [left, right] = [Math.min(a[0], b[0]), Math.max(a[0], b[0])];
  const [top, bottom] = [Math.min(a[1], b[1]), Math.max(a[1], b[1])];
  const out: number[] = [];
  for (let i = 0; i < coords.length / 2; i++) {
    const [x, y] = toScreen(view, coords, i, width, height);
    if (x >= left && x <= right && y >= top && y <= bottom) out.push(i);
  }
  return Int32Array.from(out);
}

/** Whether (x, y) is inside the closed polygon (even-odd rule; its last vertex joins its first). */
export function insidePolygon(polygon: readonly [number, number][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The points inside a lasso drawn on the screen (a closed polygon of screen points), in index order; none for fewer than 3 vertices. */
export function pointsInPolygon(view: MapView, coords: Float32Array, polygon: readonly [number, number][], width: number, height: number): Int32Array {
  if (polygon.length < 3) return new Int32Array(0);
  let [left, right, top, bottom] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [x, y] of polygon) {
    left = Math.min(left, x);
    right = Math.max(right, x);
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
  }
  const out: number[] = [];
  for (let i = 0; i < coords.length / 2; i++) {
    const [x, y] = toScreen(view, coords, i, width, height);
    if (x >= left && x <= right && y >= top && y <= bottom && insidePolygon(polygon, x, y)) out.push(i);
  }
  return Int32Array.from(out);
}
