/** Heat colours for the evaluation views: a blend per hue, and text that stays readable on it. */
import { CARD_PAPER_RGB, cssRgb, textColorOn, type Rgb } from '../../renderers/palette';

/** A cell's background and the text colour that contrasts with it. */
export interface HeatColor {
  background: string;
  color: string;
}

/** Correct predictions (confusion diagonal): a blue-green that reads as "good" next to the warm errors. */
export const CORRECT_RGB: Rgb = [15, 118, 110];
/** Errors (off-diagonal counts): a deep warm red, so the largest confusions draw the eye first. */
export const ERROR_RGB: Rgb = [190, 40, 20];
/** Probabilities (prediction history strip): the notebook's blue. */
export const PROBABILITY_RGB: Rgb = [26, 115, 232];

/** Text of zero counts: recedes like the notebook's muted text (--muted) yet still clears 4.5:1 on paper. */
export const ZERO_TEXT_RGB: Rgb = [93, 102, 117];

/** Clamps to 0..1; NaN reads as 0 so a bad number shows as an empty cell, not a full one. */
export function clampUnit(t: number): number {
  if (Number.isNaN(t)) return 0;
  return Math.min(1, Math.max(0, t));
}

/** Linear blend of two colours, t clamped to 0..1, channels rounded. */
export function mixRgb(from: Rgb, to: Rgb, t: number): [number, number, number] {
  const k = clampUnit(t);
  return [0, 1, 2].map((i) => Math.round(from[i] + (to[i] - from[i]) * k)) as [number, number, number];
}

/** The card's paper blended toward `hue` by t (0..1), with its readable text colour: every scale starts at the paper the views sit on, so an empty cell looks empty. */
export function heatColor(hue: Rgb, t: number): HeatColor {
  const rgb = mixRgb(CARD_PAPER_RGB, hue, t);
  return { background: cssRgb(rgb), color: textColorOn(rgb) };
}

/** An empty cell: paper with muted text, so the eye skips it. */
export const ZERO_SHADE: Readonly<HeatColor> = Object.freeze({ background: cssRgb(CARD_PAPER_RGB), color: cssRgb(ZERO_TEXT_RGB) });

/**
 * Shade of an off-diagonal count relative to the largest off-diagonal count. Square root, because
 * errors are skewed (a few pairs hold most of them) and a linear scale would leave a lone mistake
 * indistinguishable from none; 0 stays paper.
 */
export function errorShade(count: number, maxCount: number): HeatColor {
  if (!(count > 0)) return ZERO_SHADE;
  return heatColor(ERROR_RGB, maxCount > 0 ? Math.sqrt(count / maxCount) : 0);
}

/** Shade of a diagonal cell by its row's fraction correct (0..1), linear: an empty row stays paper. */
export function correctShade(fractionCorrect: number): HeatColor {
  return heatColor(CORRECT_RGB, fractionCorrect);
}

/** Shade of a class probability (0..1), linear. */
export function probabilityShade(p: number): HeatColor {
  return heatColor(PROBABILITY_RGB, p);
}
