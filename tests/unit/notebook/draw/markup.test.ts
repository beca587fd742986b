/** Static markup of the drawing cell's views (react-dom/server, no DOM): testids, data attributes and class names. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DrawBars } from '../../../../src/notebook/draw/DrawBars';
import { NearestImages } from '../../../../src/notebook/draw/NearestImages';
import { WithoutSteps } from '../../../../src/notebook/draw/WithoutSteps';

const count = (html: string, s: string) => html.split(s).length - 1;
const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const probabilities = [0.01, 0.8, 0.02, 0.03, 0.04, 0.05, 0.01, 0.02, 0.01, 0.01];

describe('DrawBars', () => {
  it('ten bars with their probabilities and the top guess, in digits', () => {
    const html = renderToStaticMarkup(createElement(DrawBars, { probabilities, classNames: null, fromLogits: false, pending: false }));
    expect(count(html, 'data-testid="draw.prediction.bar"')).toBe(10);
    expect(html).toContain('data-digit="1" data-probability="0.8"');
    expect(html).toMatch(/data-testid="draw.prediction.top" data-digit="1"[^>]*><span class="draw-top__label">1</);
    expect(html).toContain('80.0% sure');
    expect(html).not.toContain('logits');
  });

  it('uses the dataset class names, and says when outputs were softmaxed', () => {
    const html = renderToStaticMarkup(createElement(DrawBars, { probabilities, classNames: FASHION, fromLogits: true, pending: true }));
    expect(html).toContain('draw-top__label">Trouser<');
    expect(html).toContain('aria-label="Ankle boot: 1.0%"');
    expect(html).toContain('logits');
    expect(html).toContain('aria-busy="true"');
  });

  it('says so when the outputs are all NaN', () => {
    const html = renderToStaticMarkup(createElement(DrawBars, { probabilities: Array(10).fill(NaN), classNames: null, fromLogits: false, pending: false }));
    expect(html).toContain('NaN');
    expect(count(html, 'draw.prediction.bar')).toBe(0);
  });
});

describe('NearestImages', () => {
  it('one button per image with its index, label (or class name) and distance', () => {
    const images = [
      { index: 42, label: 1, distance: 812.4, pixels: new Uint8Array(784) },
      { index: 7, label: null, distance: 900, pixels: null },
    ];
    const html = renderToStaticMarkup(createElement(NearestImages, { images, classNames: FASHION, selectedIndex: 7, onSelect: () => {} }));
    expect(count(html, 'data-testid="draw.nearest.item"')).toBe(2);
    expect(html).toMatch(/<button[^>]*data-index="42" data-label="1" data-distance="812.4"/);
    expect(html).toContain('draw-nearest__label">Trouser<');
    expect(html).toContain('training_images[42]');
    expect(html).toContain('d 812');
    expect(html).toMatch(/data-index="7" data-label=""/);
    expect(html).toMatch(/aria-pressed="true"[^>]*data-index="7"/);
    expect(count(html, 'aria-pressed="true"')).toBe(1);
  });
});

describe('WithoutSteps', () => {
  const pixels = new Uint8Array(784);
  it("shows the model's guess for the shrunk drawing", () => {
    const html = renderToStaticMarkup(createElement(WithoutSteps, { pixels, prediction: { kind: 'ok', probabilities, fromLogits: false }, classNames: null, box: 112 }));
    expect(html).toMatch(/data-testid="draw.naive" data-digit="1" data-probability="0.8"/);
    expect(html).toContain('the model reads');
  });

  it('without a model, or before an answer, there is no guess', () => {
    const none = renderToStaticMarkup(createElement(WithoutSteps, { pixels, prediction: { kind: 'no-model' }, classNames: null, box: 112 }));
    expect(none).toContain('no model to ask yet');
    expect(none).toContain('data-digit=""');
    const waiting = renderToStaticMarkup(createElement(WithoutSteps, { pixels, prediction: null, classNames: null, box: 112 }));
    expect(waiting).not.toContain('the model reads');
  });
});
