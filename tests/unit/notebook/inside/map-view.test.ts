/** The embedding map's view: fitting, zoom about a point, pan, and the hit tests. */
import { describe, expect, it } from 'vitest';
import { fitView, insidePolygon, nearestPoint, panBy, pointsInBox, pointsInPolygon, toScreen, zoomAt } from '../../../../src/notebook/inside/map-view';

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

  it('tells inside from outside a concave polygon by the even-odd rule', () => {
    // An L: the square 0..10 without its upper right quarter 5..10 x 0..5 (screen y down).
    const l: [number, number][] = [[0, 0], [5, 0], [5, 5], [10, 5], [10, 10], [0, 10]];
    expect(insidePolygon(l, 2, 2)).toBe(true);
    expect(insidePolygon(l, 8, 8)).toBe(true);
    expect(insidePolygon(l, 8, 2), 'the notch').toBe(false);
    expect(insidePolygon(l, -1, 5)).toBe(false);
    expect(insidePolygon(l, 11, 8)).toBe(false);
    // A bow tie crosses itself: its middle is inside both wings' edges, and outside by even-odd past the crossing.
    const tie: [number, number][] = [[0, 0], [10, 10], [10, 0], [0, 10]];
    expect(insidePolygon(tie, 1, 5)).toBe(true);
    expect(insidePolygon(tie, 5, 1)).toBe(false);
  });

  it('selects the points inside a lasso on the screen, in index order, and none for a lasso of fewer than 3 points', () => {
    const view = fitView(coords, W, H);
    const s = Array.from({ length: 5 }, (_, i) => toScreen(view, coords, i, W, H));
    // An L: a bar down through point 4 (the centre) from the top edge, and a bar along the bottom to point 1 (right, bottom);
    // point 3 (right, top) is inside the L's bounding box but in its notch.
    const [x4, y1, x1] = [s[4][0], s[1][1], s[1][0]];
    const l: [number, number][] = [[x4 - 5, 0], [x4 + 5, 0], [x4 + 5, y1 - 5], [x1 + 5, y1 - 5], [x1 + 5, y1 + 5], [x4 - 5, y1 + 5]];
    expect(s[3][0] < x1 + 5 && s[3][1] > 0).toBe(true);
    expect(Array.from(pointsInPolygon(view, coords, l, W, H))).toEqual([1, 4]);
    const everything: [number, number][] = [[0, 0], [W, 0], [W, H], [0, H]];
    expect(Array.from(pointsInPolygon(view, coords, everything, W, H))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(pointsInPolygon(view, coords, [[0, 0], [W, H]], W, H))).toEqual([]);
    // After a zoom the same lasso holds what is under it now.
    const zoomed = zoomAt(view, 4, s[4][0], s[4][1], W, H);
    const round4: [number, number][] = [[s[4][0] - 4, s[4][1] - 4], [s[4][0] + 4, s[4][1] - 4], [s[4][0] + 4, s[4][1] + 4], [s[4][0] - 4, s[4][1] + 4]];
    expect(Array.from(pointsInPolygon(zoomed, coords, round4, W, H))).toEqual([4]);
  });
});
