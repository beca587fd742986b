/** Renderers and chart rows for a dataset whose images are not 28x28, or whose labels have names. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { distributionRows } from '../../../src/notebook/charts/distribution';
import { MeanImages } from '../../../src/notebook/charts/MeanImages';
import { ImageStrip } from '../../../src/notebook/renderers/ImageStrip';
import { NumericGrid } from '../../../src/notebook/renderers/NumericGrid';
import { PixelImage } from '../../../src/notebook/renderers/PixelImage';
import { PixelReadout } from '../../../src/notebook/renderers/PixelReadout';

const ROWS = 12;
const COLS = 20;
const pixels = Uint8Array.from({ length: ROWS * COLS }, (_, i) => i % 256);

describe('renderers of rows x cols images', () => {
  it('NumericGrid is a table of `rows` rows of `cols` cells, in row-major order', () => {
    const html = renderToStaticMarkup(createElement(NumericGrid, { pixels, rows: ROWS, cols: COLS, scale: 'int' }));
    expect(html.match(/<tr>/g)).toHaveLength(ROWS);
    const values = [...html.matchAll(/<td data-value="(\d+)"/g)].map((m) => Number(m[1]));
    expect(values).toEqual([...pixels]);
  });

  it('PixelImage draws on a cols x rows canvas, scaled by zoom', () => {
    const html = renderToStaticMarkup(createElement(PixelImage, { pixels, rows: ROWS, cols: COLS, zoom: 5 }));
    expect(html).toContain(`width="${COLS}" height="${ROWS}"`);
    expect(html).toContain(`width:${COLS * 5}px;height:${ROWS * 5}px`);
  });

  it('PixelReadout finds the hovered pixel with the row length of the image', () => {
    const html = renderToStaticMarkup(createElement(PixelReadout, { expression: 'x', pixels, cols: COLS, point: { row: 2, col: 3 } }));
    expect(html).toContain(`x[2][3] = ${2 * COLS + 3}`);
  });

  it('ImageStrip cuts the images by rows*cols and sizes each thumbnail to 56 px on its long side, names in tooltips', () => {
    const three = new Uint8Array(3 * ROWS * COLS);
    const html = renderToStaticMarkup(createElement(ImageStrip, { images: three, rows: ROWS, cols: COLS, count: 3, indices: [4, 5, 6], labels: [0, 9, 1], classNames: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] }));
    expect(html.match(/<canvas/g)).toHaveLength(3);
    expect(html).toContain(`width="${COLS}" height="${ROWS}"`);
    // 56 px wide, 56 * 12 / 20 = 33.6 px high (give or take float rounding).
    expect(html).toMatch(/width:56px;height:33\.(6|59)\d*px/);
    expect(html).toContain('training_images[5] · label 9 (nine)');
  });

  it('MeanImages shows ten rows x cols means, captioned with the label names', () => {
    const names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
    const html = renderToStaticMarkup(createElement(MeanImages, { means: new Float32Array(10 * ROWS * COLS), rows: ROWS, cols: COLS, classNames: names }));
    expect(html.match(/<canvas/g)).toHaveLength(10);
    expect(html).toContain('<figcaption>9 Ankle boot</figcaption>');
    expect(html).toContain(`width="${COLS}" height="${ROWS}"`);
  });
});

describe('distributionRows with label names', () => {
  it('names each row "d name"', () => {
    const rows = distributionRows({ train: [1, 2], test: [3] }, ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']);
    expect(rows.map((r) => r.digit)).toEqual(['0 zero', '1 one', '2 two', '3 three', '4 four', '5 five', '6 six', '7 seven', '8 eight', '9 nine']);
    expect(rows[1]).toMatchObject({ train: 2, test: 0 });
  });
});
