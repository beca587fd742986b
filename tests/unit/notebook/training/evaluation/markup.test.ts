/** Static markup of each view (react-dom/server, no DOM): the testids, data attributes and ARIA states e2e tests and screen readers rely on. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ConfusionMatrix } from '../../../../../src/notebook/training/evaluation/ConfusionMatrix';
import { MistakesGallery } from '../../../../../src/notebook/training/evaluation/MistakesGallery';
import { PerClassAccuracy } from '../../../../../src/notebook/training/evaluation/PerClassAccuracy';
import { PredictionBars } from '../../../../../src/notebook/training/evaluation/PredictionBars';

const count = (html: string, s: string) => html.split(s).length - 1;
const noop = () => {};

describe('ConfusionMatrix', () => {
  const confusion = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 100 : i === 4 && j === 9 ? 12 : 0)));
  const html = renderToStaticMarkup(createElement(ConfusionMatrix, { confusion, selected: { trueLabel: 4, predicted: 9 }, onSelect: noop }));

  it('draws 100 cell buttons with their coordinates and counts', () => {
    expect(count(html, 'data-testid="eval.confusion"')).toBe(1);
    expect(count(html, 'data-testid="eval.confusion.cell"')).toBe(100);
    expect(html).toMatch(/<button[^>]*aria-label="true 4, predicted 9: 12 images"[^>]*aria-pressed="true"[^>]*data-true="4" data-predicted="9" data-count="12"/);
  });

  it('presses only the selected cell and makes it the single tab stop', () => {
    expect(count(html, 'aria-pressed="true"')).toBe(1);
    expect(count(html, 'tabindex="0"')).toBe(1);
    expect(html).toMatch(/tabindex="0"[^>]*data-true="4" data-predicted="9"/);
  });

  it('titles both axes and totals each row', () => {
    expect(html).toContain('>predicted<');
    expect(html).toContain('true label');
    expect(count(html, 'nb-eval-confusion__total">112<')).toBe(1);
    expect(count(html, 'nb-eval-confusion__total">100<')).toBe(9);
  });
});

describe('PerClassAccuracy', () => {
  const perClass = Array.from({ length: 10 }, (_, d) => ({ correct: d === 8 ? 900 : 990, total: 1000, accuracy: d === 8 ? 0.9 : 0.99 }));
  const html = renderToStaticMarkup(createElement(PerClassAccuracy, { perClass }));

  it('has a row per digit with its accuracy, the weakest flagged in words', () => {
    expect(count(html, 'data-testid="eval.per-class.row"')).toBe(10);
    expect(html).toContain('data-digit="8" data-accuracy="0.9" data-weakest="true"');
    expect(count(html, 'data-weakest')).toBe(1);
    expect(html).toContain('90.0%  (900 / 1,000)');
    expect(html).toContain('>weakest<');
  });
});

describe('MistakesGallery', () => {
  const mistakes = [
    { index: 1234, label: 4, predicted: 9, confidence: 0.97 },
    { index: 7, label: 3, predicted: 5, confidence: 0.6 },
  ];
  const sprite = (i: number) => (i === 7 ? null : { url: 's.png', x: 28, y: 0, sheetWidth: 2800, sheetHeight: 2800 });
  const html = renderToStaticMarkup(createElement(MistakesGallery, { mistakes, sprite, selectedIndex: 7, onSelect: noop }));

  it('draws a button per mistake with caption, tooltip and data', () => {
    expect(count(html, 'data-testid="eval.mistakes.item"')).toBe(2);
    expect(html).toContain('title="test_images[1234]"');
    expect(html).toContain('data-index="1234" data-true="4" data-predicted="9"');
    expect(html).toContain('4 → 9 · 97%');
    expect(html).toContain('background-position:-56px 0px');
  });

  it('marks the selected item and shows a placeholder for an unloaded sheet', () => {
    expect(html).toMatch(/aria-pressed="true"[^>]*data-index="7"/);
    expect(count(html, 'nb-eval-mistakes__tile--loading')).toBe(1);
  });

  it('says so when there are none', () => {
    const empty = renderToStaticMarkup(createElement(MistakesGallery, { mistakes: [], sprite, selectedIndex: null, onSelect: noop, variable: 'x' }));
    expect(empty).toContain('data-testid="eval.mistakes"');
    expect(empty).toContain('No mistakes.');
  });
});

describe('PredictionBars', () => {
  const probabilities = [0.001, 0, 0, 0.005, 0, 0.991, 0, 0, 0.003, 0];
  const history = [
    { epoch: 1, probabilities: [0.1, 0, 0, 0.6, 0, 0.3, 0, 0, 0, 0] },
    { epoch: 2, probabilities },
  ];

  it('draws ten bars, the top line and one history row per epoch', () => {
    const html = renderToStaticMarkup(createElement(PredictionBars, { variable: 'training_images[0]', label: 5, probabilities, history }));
    expect(count(html, 'data-testid="eval.prediction.bar"')).toBe(10);
    expect(html).toContain('data-digit="5" data-probability="0.991"');
    expect(html).toMatch(/data-testid="eval.prediction.top" data-digit="5">predicts 5 \(99.1%\)/);
    expect(html).toContain('true: 5');
    expect(count(html, 'data-testid="eval.prediction.history.row"')).toBe(2);
    expect(html).toContain('data-epoch="2"');
  });

  it('asks for a model when there are no probabilities', () => {
    const html = renderToStaticMarkup(createElement(PredictionBars, { variable: 'v', label: null, probabilities: null, history: [] }));
    expect(html).toContain('Train a model to see its prediction for this sample.');
    expect(html).not.toContain('eval.prediction.bar');
    expect(html).not.toContain('eval.prediction.top');
  });
});
