/** The embedding map's view: fitting, zoom about a point, pan, and the hit tests. */
import { describe, expect, it } from 'vitest';
import { fitView, nearestPoint, panBy, pointsInBox, toScreen, zoomAt } from '../../../../src/notebook/inside/map-view';

const coords = Float32Array.from([0, 0, 10, 0, 0, 5, 10, 5, 5, 2.5]);
const [W, H] = [200, 100];

describe('the map view', () => {
  it('fits every point inside the box with its margin, the middle point at the centre', () => {
    const view = fitView(coords, W, H, 10);
    const screen = Array.from({ length: 5 }, (_, i) => toScreen(view, coords, i, W, H));
    for (const [x, y] of screen) {
      expect(x).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(x).toBeLessThanOrEqual(W - 10 + 1e-9);
      expect(y).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(y).toBeLessThanOrEqual(H - 10 + 1e-9);
    }
    expect(screen[4]).toEqual([W / 2, H / 2]);
    // y points up in the data, down on the screen.
    expect(screen[2][1]).toBeLessThan(screen[0][1]);
    expect(fitView(new Float32Array(0), W, H)).toEqual({ cx: 0, cy: 0, scale: 1 });
  });

  it('keeps the point under the cursor fixed when zooming, and moves everything by a drag', () => {
    const view = fitView(coords, W, H);
    const before = toScreen(view, coords, 1, W, H);
    const zoomed = zoomAt(view, 2.5, before[0], before[1], W, H);
    const after = toScreen(zoomed, coords, 1, W, H);
    expect(after[0]).toBeCloseTo(before[0], 9);
    expect(after[1]).toBeCloseTo(before[1], 9);
    expect(zoomed.scale).toBeCloseTo(view.scale * 2.5, 12);
    const moved = panBy(view, 30, -12);
    const [x, y] = toScreen(moved, coords, 3, W, H);
    const [x0, y0] = toScreen(view, coords, 3, W, H);
    expect(x - x0).toBeCloseTo(30, 9);
    expect(y - y0).toBeCloseTo(-12, 9);
  });

  it('finds the nearest point within the radius, or none, and the points in a box in index order', () => {
    const view = fitView(coords, W, H);
    const [x, y] = toScreen(view, coords, 3, W, H);
    expect(nearestPoint(view, coords, x + 2, y - 2, W, H, 6)).toBe(3);
    expect(nearestPoint(view, coords, x + 20, y, W, H, 6)).toBe(-1);
    const [cx, cy] = toScreen(view, coords, 4, W, H);
    expect(Array.from(pointsInBox(view, coords, [cx + 1, cy + 1], [W, 0], W, H)), "the upper right quarter").toEqual([3]);
    expect(Array.from(pointsInBox(view, coords, [cx + 1, 0], [W, H], W, H)), "the right half").toEqual([1, 3]);
    expect(Array.from(pointsInBox(view, coords, [0, 0], [W, H], W, H))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(pointsInBox(view, coords, [cx - 1, cy - 1], [cx + 1, cy + 1], W, H))).toEqual([4]);
  });
});
