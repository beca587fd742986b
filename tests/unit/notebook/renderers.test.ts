import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LabelStrip } from '../../../src/notebook/renderers/LabelStrip';
import { NumericGrid } from '../../../src/notebook/renderers/NumericGrid';
import { ScaleToggle } from '../../../src/notebook/renderers/ScaleToggle';
import { TupleOutput } from '../../../src/notebook/renderers/TupleOutput';

const pixels = Uint8Array.from({ length: 784 }, (_, i) => (i === 14 * 28 + 9 ? 84 : i % 97 === 0 ? 255 : 0));

const grid = (scale: 'int' | 'unit') =>
  renderToStaticMarkup(createElement(NumericGrid, { pixels, scale, highlight: null, onHover: () => {} }));

describe('NumericGrid markup (the e2e contract)', () => {
  it('is one table of 28 rows of 28 cells, each with its integer data-value', () => {
    const html = grid('int');
    expect(html.match(/<table[^>]*data-testid="cell.pixels.grid"/g)).toHaveLength(1);
    expect(html.match(/<tr>/g)).toHaveLength(28);
    const values = [...html.matchAll(/<td data-value="(\d+)"/g)].map((m) => Number(m[1]));
    expect(values).toEqual([...pixels]);
  });

  it('prints integers on the int scale and numpy-like fractions on the unit scale', () => {
    expect(grid('int')).toContain('data-value="84" style="background:rgb(');
    expect(grid('int')).toMatch(/data-value="84"[^>]*>84<\/td>/);
    const unit = grid('unit');
    expect(unit).toMatch(/data-value="84"[^>]*>0\.33<\/td>/);
    expect(unit).toMatch(/data-value="0"[^>]*>0\.<\/td>/);
    expect(unit).toMatch(/data-value="255"[^>]*>1\.00<\/td>/);
  });
});

describe('ScaleToggle', () => {
  it('marks exactly the current scale as pressed', () => {
    const html = renderToStaticMarkup(createElement(ScaleToggle, { value: 'unit', onChange: () => {} }));
    expect(html).toContain('data-testid="cell.pixels.scale"');
    expect(html).toMatch(/aria-pressed="false" data-scale="int"/);
    expect(html).toMatch(/aria-pressed="true" data-scale="unit"/);
  });
});

describe('LabelStrip', () => {
  const labels = Uint8Array.from([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
  it('puts exactly the numpy text inside the test id', () => {
    const html = renderToStaticMarkup(createElement(LabelStrip, { labels, start: 0, testId: 'cell.labels.strip' }));
    expect(html).toMatch(/data-testid="cell.labels.strip">\[5 0 4 1 9 2 1 3 1 4\]<\/pre>/);
    expect(html).not.toContain('<canvas');
  });

  it('adds one titled thumbnail per label when images are given, capped at 100', () => {
    const few = renderToStaticMarkup(createElement(LabelStrip, { labels, start: 20, images: new Uint8Array(10 * 784) }));
    expect(few.match(/<canvas/g)).toHaveLength(10);
    expect(few).toContain('title="training_images[21] · label 0"');
    expect(few).not.toContain('showing first');

    const many = renderToStaticMarkup(createElement(LabelStrip, { labels: new Uint8Array(250), start: 0, images: new Uint8Array(250 * 784) }));
    expect(many.match(/<canvas/g)).toHaveLength(100);
    expect(many).toContain('showing first 100 of 250');
  });
});

describe('TupleOutput', () => {
  it('prints a shape as a Python tuple', () => {
    const html = renderToStaticMarkup(createElement(TupleOutput, { values: [60000, 28, 28], testId: 'cell.shape.output', prompt: 'Out[2]:' }));
    expect(html).toMatch(/data-testid="cell.shape.output">\(60000, 28, 28\)<\/pre>/);
    expect(html).toContain('Out[2]:');
  });
});
