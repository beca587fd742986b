/** Text for the evaluation views: class names, counts and captions around lib's formatPercent. */
import { formatCount, formatPercent } from '../../../lib/format';
import type { ClassAccuracy, Mistake } from '../../../model/evaluate';

/** "98.7%  (1,119 / 1,134)", or "no images" for a class the evaluation never saw. */
export function formatClassAccuracy({ correct, total, accuracy }: ClassAccuracy): string {
  if (total <= 0) return 'no images';
  return `${formatPercent(accuracy)}  (${formatCount(correct)} / ${formatCount(total)})`;
}

/** A class's names (e.g. Fashion-MNIST's "T-shirt/top"), index i for class i; null shows the digits. */
export type ClassNames = readonly string[] | null | undefined;

/** How a class is named on screen: its name when the dataset gives one, else the digit ("4"). */
export function classLabel(classNames: ClassNames, c: number): string {
  const name = classNames?.[c];
  return name !== undefined && name !== '' ? name : String(c);
}

/** Gallery caption: "4 → 9 · 97%" (true → predicted · confidence), with class names when given. */
export function formatMistakeCaption({ label, predicted, confidence }: Pick<Mistake, 'label' | 'predicted' | 'confidence'>, classNames?: ClassNames): string {
  return `${classLabel(classNames, label)} → ${classLabel(classNames, predicted)} · ${formatPercent(confidence, 0)}`;
}

/** "1 image", "12 images", "1,135 images". */
export function formatImages(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'image' : 'images'}`;
}

/** Accessible name of a confusion cell: "true 4, predicted 9: 12 images" (or "true Shirt, predicted Coat: ..."). */
export function formatConfusionCellLabel(trueLabel: number, predicted: number, count: number, classNames?: ClassNames): string {
  return `true ${classLabel(classNames, trueLabel)}, predicted ${classLabel(classNames, predicted)}: ${formatImages(count)}`;
}

/** "predicts 5 (99.1%)", or "predicts Sneaker (99.1%)". */
export function formatPrediction(digit: number, probability: number, classNames?: ClassNames): string {
  return `predicts ${classLabel(classNames, digit)} (${formatPercent(probability)})`;
}

/** A probability as a whole percent without the sign, for cells too small for more: 0.972 -> "97", 0.001 -> "<1". */
export function formatPercentCompact(p: number): string {
  return formatPercent(p, 0).replace('%', '');
}

/** Text of a history-strip cell: whole percent, blank below 0.5% so the few probabilities that matter stand out. */
export function formatStripPercent(p: number): string {
  return p >= 0.005 ? formatPercentCompact(p) : '';
}
