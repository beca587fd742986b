/** Cell 10, "Draw a digit": the pad, its preprocessing steps, the prediction, the nearest training images and Add to notebook. */
import type { Locator, Page } from 'playwright-core';
import { readAttr } from './dom';

/** A point on the pad as fractions of its side: (0, 0) top-left, (1, 1) bottom-right. */
export interface PadPoint {
  x: number;
  y: number;
}

export interface NearestItem {
  index: number;
  label: string;
  distance: number;
}

export class DrawCell {
  readonly root: Locator;
  readonly pad: Locator;
  readonly undo: Locator;
  readonly clear: Locator;
  readonly add: Locator;
  readonly added: Locator;
  readonly steps: Locator;
  readonly prediction: Locator;
  readonly predictionMessage: Locator;
  readonly top: Locator;
  readonly bars: Locator;
  readonly nearest: Locator;
  readonly nearestItems: Locator;
  readonly message: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('cell.draw');
    this.pad = page.getByTestId('draw.pad');
    this.undo = page.getByTestId('draw.undo');
    this.clear = page.getByTestId('draw.clear');
    this.add = page.getByTestId('draw.add');
    this.added = page.getByTestId('draw.added');
    this.steps = page.getByTestId('draw.step');
    this.prediction = page.getByTestId('draw.prediction');
    this.predictionMessage = page.getByTestId('draw.prediction.message');
    this.top = page.getByTestId('draw.prediction.top');
    this.bars = page.getByTestId('draw.prediction.bar');
    this.nearest = page.getByTestId('draw.nearest');
    this.nearestItems = page.getByTestId('draw.nearest.item');
    this.message = page.getByTestId('draw.message');
  }

  /** Draws one stroke through `points` with the mouse (press, move in small steps, release). */
  async stroke(points: readonly PadPoint[]): Promise<void> {
    await this.pad.scrollIntoViewIfNeeded();
    const box = await this.pad.boundingBox();
    if (!box) throw new Error('draw.pad is not visible');
    const at = (p: PadPoint) => [box.x + p.x * box.width, box.y + p.y * box.height] as const;
    await this.page.mouse.move(...at(points[0]));
    await this.page.mouse.down();
    for (const p of points.slice(1)) await this.page.mouse.move(...at(p), { steps: 12 });
    await this.page.mouse.up();
  }

  /** Presses the mouse at `from` and moves to `to` without releasing (finish with `release`). */
  async press(from: PadPoint, to: PadPoint): Promise<void> {
    await this.pad.scrollIntoViewIfNeeded();
    const box = await this.pad.boundingBox();
    if (!box) throw new Error('draw.pad is not visible');
    await this.page.mouse.move(box.x + from.x * box.width, box.y + from.y * box.height);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + to.x * box.width, box.y + to.y * box.height, { steps: 12 });
  }

  async release(): Promise<void> {
    await this.page.mouse.up();
  }

  /** One stroke as a finger or pen makes it: pointer events of `pointerType` dispatched on the pad. */
  async pointerStroke(pointerType: 'touch' | 'pen', points: readonly PadPoint[]): Promise<void> {
    await this.pad.scrollIntoViewIfNeeded();
    await this.pad.evaluate(
      (el, { pointerType, points }) => {
        const rect = el.getBoundingClientRect();
        const init = (p: { x: number; y: number }, buttons: number): PointerEventInit => ({
          bubbles: true,
          cancelable: true,
          composed: true,
          pointerId: 7,
          pointerType,
          isPrimary: true,
          button: 0,
          buttons,
          clientX: rect.left + p.x * rect.width,
          clientY: rect.top + p.y * rect.height,
        });
        el.dispatchEvent(new PointerEvent('pointerdown', init(points[0], 1)));
        for (const p of points.slice(1)) el.dispatchEvent(new PointerEvent('pointermove', init(p, 1)));
        el.dispatchEvent(new PointerEvent('pointerup', init(points[points.length - 1], 0)));
      },
      { pointerType, points },
    );
  }

  /** Strokes on the pad (data-strokes). */
  async strokes(): Promise<number> {
    return Number(await this.pad.getAttribute('data-strokes'));
  }

  /** The preprocessing images shown: step id and size of each, in order. */
  stepSizes(): Promise<{ step: string; width: number; height: number }[]> {
    return this.steps.evaluateAll((els) => els.map((el) => ({ step: el.getAttribute('data-step') ?? '', width: Number(el.getAttribute('data-width')), height: Number(el.getAttribute('data-height')) })));
  }

  /** The bar chart's probabilities by digit, or [] when no bars are shown. */
  probabilities(): Promise<number[]> {
    return this.bars.evaluateAll((els) =>
      els
        .map((el) => ({ digit: Number(el.getAttribute('data-digit')), p: Number(el.getAttribute('data-probability')) }))
        .sort((a, b) => a.digit - b.digit)
        .map((b) => b.p),
    );
  }

  predictionState(): Promise<string | null> {
    return readAttr(this.prediction, 'data-state');
  }

  /** The top guess's digit, or null when none is shown. */
  async topDigit(): Promise<number | null> {
    const d = await readAttr(this.top, 'data-digit');
    return d === null ? null : Number(d);
  }

  nearestState(): Promise<string | null> {
    return readAttr(this.nearest, 'data-state');
  }

  nearestList(): Promise<NearestItem[]> {
    return this.nearestItems.evaluateAll((els) =>
      els.map((el) => ({ index: Number(el.getAttribute('data-index')), label: el.getAttribute('data-label') ?? '', distance: Number(el.getAttribute('data-distance')) })),
    );
  }
}
