import { describe, expect, it } from 'vitest';
import { areaResize, centreOfMass, DIGIT_BOX, inkBounds, MASS_CENTRE, rasterizeStrokes, tryPreprocessDrawing, type Drawing, type GreyImage, type MnistSteps, type Point } from '../../../src/data/strokes';

const CANVAS = 280;
const PEN = 20;

/** A drawing on a 280x280 canvas with a 20 px pen. */
const drawing = (...strokes: Point[][]): Drawing => ({ width: CANVAS, height: CANVAS, penWidth: PEN, strokes });
const pt = (x: number, y: number): Point => ({ x, y });
/** The same strokes moved by (dx, dy) canvas pixels. */
const moved = (strokes: Point[][], dx: number, dy: number) => strokes.map((s) => s.map((p) => pt(p.x + dx, p.y + dy)));

function steps(d: Drawing): MnistSteps {
  const result = tryPreprocessDrawing(d);
  if (!result.ok) throw new Error(`expected the drawing to preprocess, got: ${result.error}`);
  return result.value;
}

const sum = (image: GreyImage) => image.pixels.reduce((a, v) => a + v, 0);
const hasGreyLevels = (image: GreyImage) => image.pixels.some((v) => v > 0 && v < 255);

function expectCentred(s: MnistSteps) {
  const com = centreOfMass(s.centred)!;
  expect(Math.abs(com.x - MASS_CENTRE), `centre of mass x ${com.x}`).toBeLessThanOrEqual(0.5);
  expect(Math.abs(com.y - MASS_CENTRE), `centre of mass y ${com.y}`).toBeLessThanOrEqual(0.5);
  expect(s.clamped).toBe(false);
}

/** Every step is a well-formed image with ink in it. */
function expectWellFormed(s: MnistSteps) {
  for (const [name, image] of Object.entries({ raster: s.raster, cropped: s.cropped, scaled: s.scaled, centred: s.centred })) {
    expect(image.pixels, name).toBeInstanceOf(Uint8Array);
    expect(image.pixels.length, name).toBe(image.width * image.height);
    expect(sum(image), name).toBeGreaterThan(0);
  }
  expect([s.centred.width, s.centred.height]).toEqual([28, 28]);
  expect(Math.max(s.scaled.width, s.scaled.height)).toBe(DIGIT_BOX);
  // The 28x28 image holds the whole scaled digit: no ink is lost to the shift.
  expect(sum(s.centred)).toBe(sum(s.scaled));
}

describe('tryPreprocessDrawing', () => {
  const one = [[pt(140, 40), pt(140, 240)]];

  it('centres a vertical line (a "1") by its centre of mass, 20 px tall and thin', () => {
    const s = steps(drawing(...one));
    expectWellFormed(s);
    expectCentred(s);
    expect([s.raster.width, s.raster.height]).toEqual([CANVAS, CANVAS]);
    expect(s.scaled.height).toBe(20);
    expect(s.scaled.width).toBeLessThanOrEqual(3);
    const box = inkBounds(s.centred)!;
    expect(box.height).toBe(20);
    expect(box.width).toBeLessThanOrEqual(3);
    // 200 px of line plus the round caps of a 20 px pen.
    expect(s.inkBox.height).toBeGreaterThanOrEqual(219);
    expect(s.inkBox.height).toBeLessThanOrEqual(222);
  });

  it('anti-aliases: the raster, the crop and the scaled image have grey levels, the pen core is full ink', () => {
    const s = steps(drawing([pt(60.3, 70.7), pt(210.1, 190.4)]));
    expect(hasGreyLevels(s.raster)).toBe(true);
    expect(hasGreyLevels(s.scaled)).toBe(true);
    expect(Math.max(...s.raster.pixels)).toBe(255);
    expect(s.raster.pixels[130 * CANVAS + 135]).toBe(255);
    expect(s.raster.pixels[10 * CANVAS + 10]).toBe(0);
  });

  it('keeps the aspect ratio of a wide horizontal stroke: the width becomes 20, the height stays proportional', () => {
    const s = steps(drawing([pt(40, 140), pt(240, 140)]));
    expectWellFormed(s);
    expectCentred(s);
    expect(s.scaled.width).toBe(20);
    expect(s.scaled.height).toBe(Math.round((s.cropped.height * 20) / s.cropped.width));
    expect(s.scaled.height).toBeGreaterThanOrEqual(1);
    expect(s.scaled.height).toBeLessThanOrEqual(3);
    const box = inkBounds(s.centred)!;
    expect(box.width).toBe(20);
    expect(box.height).toBe(s.scaled.height);
  });

  it('keeps the aspect ratio of a 2:1 rectangle outline', () => {
    const rect = [[pt(40, 90), pt(240, 90), pt(240, 190), pt(40, 190), pt(40, 90)]];
    const s = steps(drawing(...rect));
    expect(s.cropped.width / s.cropped.height).toBeCloseTo(220 / 120, 1);
    expect(s.scaled.width).toBe(20);
    expect(s.scaled.height).toBe(Math.round((20 * s.cropped.height) / s.cropped.width));
    expectCentred(s);
  });

  it('moves a stroke drawn in a corner of the canvas to the centre; the result does not depend on where it was drawn', () => {
    const corner = [[pt(12, 12), pt(12, 70)]];
    const s = steps(drawing(...corner));
    expectWellFormed(s);
    expectCentred(s);
    expect(s.inkBox.x).toBeLessThan(5);
    expect(s.inkBox.y).toBeLessThan(5);
    const elsewhere = steps(drawing(...moved(corner, 200, 150)));
    expect(elsewhere.centred.pixels).toEqual(s.centred.pixels);
  });

  it('centres an L-shape by its centre of mass, not by its bounding box', () => {
    const s = steps(drawing([pt(100, 40), pt(100, 240), pt(200, 240)]));
    expectWellFormed(s);
    expectCentred(s);
    const box = inkBounds(s.centred)!;
    const boxCentre = { x: box.x + (box.width - 1) / 2, y: box.y + (box.height - 1) / 2 };
    const com = centreOfMass(s.centred)!;
    // The bar carries most of the ink, so the mass sits left of and below the box centre.
    expect(com.x).toBeLessThan(boxCentre.x - 1);
    expect(com.y).toBeGreaterThan(boxCentre.y + 1);
    expect(Math.abs(boxCentre.x - MASS_CENTRE)).toBeGreaterThan(1);
  });

  it('treats several strokes as one drawing (a "+")', () => {
    const s = steps(drawing([pt(140, 40), pt(140, 240)], [pt(40, 140), pt(240, 140)]));
    expectWellFormed(s);
    expectCentred(s);
    expect([s.scaled.width, s.scaled.height]).toEqual([20, 20]);
  });

  it('turns a single tap into a round dot', () => {
    const s = steps(drawing([pt(77, 201)]));
    expectWellFormed(s);
    expectCentred(s);
    expect([s.scaled.width, s.scaled.height]).toEqual([20, 20]);
    expect(s.cropped.width).toBe(s.cropped.height);
  });

  it('clips ink outside the canvas and keeps the rest', () => {
    const s = steps(drawing([pt(-50, 140), pt(100, 140)]));
    expect(s.inkBox.x).toBe(0);
    expectCentred(s);
  });

  it('clamps the shift of a very lopsided drawing instead of losing ink off the edge', () => {
    // A long hairline with a heavy block at its left end: the mass sits far left of the box centre.
    const block = Array.from({ length: 39 }, (_, i) => [pt(22 + i, 60), pt(22 + i, 220)]);
    const s = steps({ width: CANVAS, height: CANVAS, penWidth: 2, strokes: [[pt(20, 140), pt(260, 140)], ...block] });
    expectWellFormed(s);
    expect(s.clamped).toBe(true);
    // Pushed right as far as the field allows; the mass stays left of the centre.
    expect(s.offset.x).toBe(28 - s.scaled.width);
    expect(centreOfMass(s.centred)!.x).toBeLessThan(MASS_CENTRE - 1);
  });

  it.each([
    ['no strokes', drawing(), /Nothing drawn yet/],
    ['strokes with no points', drawing([], []), /Nothing drawn yet/],
    ['strokes only outside the canvas', drawing([pt(-100, -100), pt(-60, -40)]), /outside/],
    ['a zero pen width', { ...drawing(...[[pt(1, 1)]]), penWidth: 0 }, /pen width/],
    ['a NaN pen width', { ...drawing(...[[pt(1, 1)]]), penWidth: NaN }, /pen width/],
    ['a fractional canvas size', { ...drawing(...[[pt(1, 1)]]), width: 280.5 }, /canvas/],
    ['an empty canvas', { ...drawing(...[[pt(1, 1)]]), height: 0 }, /canvas/],
    ['a huge canvas', { ...drawing(...[[pt(1, 1)]]), width: 100000 }, /canvas/],
    ['a NaN point', drawing([pt(10, 10), pt(NaN, 20)]), /stroke 0 .*finite/],
    ['a pen too thin to leave ink', { ...drawing([pt(140, 0.5), pt(140, 279.5)]), penWidth: 0.001 }, /too thin/],
    ['ink too faint to survive scaling', { ...drawing([pt(0, 140), pt(280, 140)], [pt(140, 0), pt(140, 280)]), penWidth: 0.02 }, /too faint/],
  ] as [string, Drawing, RegExp][])('returns an error for %s', (_name, d, message) => {
    const result = tryPreprocessDrawing(d);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe('rasterizeStrokes', () => {
  it('draws nothing for no strokes and clips to the canvas', () => {
    expect(sum(rasterizeStrokes(10, 10, 3, []))).toBe(0);
    expect(sum(rasterizeStrokes(10, 10, 3, [[pt(50, 50), pt(60, 60)]]))).toBe(0);
  });

  it('covers a pen-wide band around a segment, with a soft edge', () => {
    const img = rasterizeStrokes(20, 20, 4, [[pt(2, 10), pt(18, 10)]]);
    // Pixel centres at y = 9.5 and 10.5 are 0.5 from the line: inside the 2 px radius.
    expect(img.pixels[9 * 20 + 10]).toBe(255);
    expect(img.pixels[10 * 20 + 10]).toBe(255);
    // y = 7.5 and 12.5 are 2.5 away: the half-pixel ramp ends there.
    expect(img.pixels[7 * 20 + 10]).toBe(0);
    expect(img.pixels[12 * 20 + 10]).toBe(0);
    expect(img.pixels[0]).toBe(0);
  });
});

describe('areaResize', () => {
  it('averages exact blocks when downscaling by a whole factor', () => {
    const src = [0, 4, 8, 8, 4, 0, 8, 8, 1, 1, 2, 2, 1, 1, 2, 6];
    expect(Array.from(areaResize(src, 4, 4, 2, 2))).toEqual([2, 8, 1, 3]);
  });

  it('weights fractional overlaps (3 -> 2)', () => {
    // Output 0 covers source [0, 1.5): (0 + 90/2) / 1.5; output 1 covers [1.5, 3): (90/2 + 30) / 1.5.
    expect(Array.from(areaResize([0, 90, 30], 3, 1, 2, 1))).toEqual([30, 50]);
  });

  it('preserves total ink (scaled by the area ratio) and leaves a same-size image unchanged', () => {
    const src = Array.from({ length: 37 * 23 }, (_, i) => (i * 7919) % 256);
    const out = areaResize(src, 37, 23, 20, 12);
    const total = (a: ArrayLike<number>) => Array.from(a).reduce((t, v) => t + v, 0);
    expect(total(out) * ((37 * 23) / (20 * 12))).toBeCloseTo(total(src), 0);
    expect(Array.from(areaResize(src, 37, 23, 37, 23))).toEqual(src);
  });

  it('keeps a constant image constant when upscaling', () => {
    const out = areaResize([200, 200, 200, 200], 2, 2, 5, 3);
    for (const v of out) expect(v).toBeCloseTo(200, 4);
  });
});

describe('centreOfMass', () => {
  it('is null for a blank image and weights pixels by grey level', () => {
    expect(centreOfMass({ width: 3, height: 3, pixels: new Uint8Array(9) })).toBeNull();
    const pixels = new Uint8Array(9);
    pixels[0] = 100;
    pixels[8] = 300 / 3;
    pixels[2] = 200;
    expect(centreOfMass({ width: 3, height: 3, pixels })).toEqual({ x: (2 * 200 + 2 * 100) / 400, y: (2 * 100) / 400 });
  });
});
