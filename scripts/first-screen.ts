/**
 * The first screen, written into index.html at build time: the notebook's header and a first cell with
 * `training_images.shape` and `training_images[0]` drawn from the prepared dataset (the first sheet
 * and labels in public/data/mnist), so the page's first paint already shows the shape and the digit,
 * before any script has run. React replaces it at its first commit; the digit's bytes ride along in
 * `data-pixels` so the notebook can show the same image at once (checked against the manifest there).
 *
 * Why static HTML: on a 2-core machine without a GPU the entry script and React's first render take
 * ~300-400 ms by themselves, so no script-driven digit can be on screen within 300 ms.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, encode } from 'fast-png';
import type { Plugin } from 'vite';
import { DATA_URL_PATH, decodeU32Base64, IMAGE_PIXELS, IMAGE_SIZE, MANIFEST_FILE, SPLIT_VARIABLES, type Manifest } from '../src/data/format.ts';

/** The element-timing identifiers the benchmark reads (scripts/bench.ts). */
export const FIRST_SCREEN_TIMING = { digit: 'mnist:first-screen-digit', shape: 'mnist:first-screen-shape' } as const;
/** CSS px per image pixel in the first screen. */
const ZOOM = 6;

export interface FirstDigit {
  shape: [number, number, number];
  total: number;
  label: number;
  /** The 784 bytes of training_images[0]. */
  pixels: Uint8Array;
}

/**
 * training_images[0], its label and the split's shape, read from the prepared dataset in `dataDir`.
 * null when the dataset has not been prepared (the dev server before prepare-data); throws when the
 * files are there but disagree (a sheet whose first image does not match the manifest's pixel sum).
 */
export function readFirstDigit(dataDir: string): FirstDigit | null {
  const manifestPath = join(dataDir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const train = manifest.splits.train;
  const sheet = train.sheets.find((s) => s.first === 0);
  if (!sheet || train.imageSize !== IMAGE_SIZE || train.imageRows !== undefined) throw new Error(`${MANIFEST_FILE}: no 28x28 first training sheet`);
  const png = decode(readFileSync(join(dataDir, sheet.file)));
  if (png.channels !== 1 || png.depth !== 8 || png.width !== sheet.width) throw new Error(`${sheet.file}: not the 8-bit grayscale sheet the manifest describes`);
  // Tile 0 by hand rather than data/sheets.ts's unpackSheet: this module is loaded by the Vite config, whose
  // loader warns on every build about that module's extensionless import of ./format.
  const pixels = new Uint8Array(IMAGE_PIXELS);
  for (let y = 0; y < IMAGE_SIZE; y++) pixels.set(png.data.subarray(y * png.width, y * png.width + IMAGE_SIZE), y * IMAGE_SIZE);
  const sum = pixels.reduce((a, v) => a + v, 0);
  const expected = decodeU32Base64(train.pixelSums)?.[0];
  if (sum !== expected) throw new Error(`${sheet.file}: image 0 does not match the manifest's pixel sum (${sum} vs ${expected}); run \`npm run prepare-data -- --force\``);
  const label = readFileSync(join(dataDir, train.labels.file))[0];
  return { shape: [train.count, IMAGE_SIZE, IMAGE_SIZE], total: train.count + manifest.splits.test.count, label, pixels };
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The first screen's markup for `digit`: classes from the notebook's own stylesheet, no inline style or script (the CSP allows neither). */
export function firstScreenHtml(digit: FirstDigit): string {
  const { images, labels } = SPLIT_VARIABLES.train;
  const png = encode({ width: IMAGE_SIZE, height: IMAGE_SIZE, data: digit.pixels, channels: 1, depth: 8 });
  const src = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
  const shape = `(${digit.shape.join(', ')})`;
  const size = IMAGE_SIZE * ZOOM;
  const code = [`${images}.shape`, `plt.imshow(${images}[0], cmap='gray')`, `${labels}[0]`].join('\n');
  return [
    `<div class="notebook first-screen" data-testid="first-screen" aria-busy="true">`,
    `<header class="topbar"><div class="brand"><h1>mnist-notebook</h1><span class="tagline">Explore the MNIST handwritten digits, live in TensorFlow.js tensors</span></div></header>`,
    `<main><section class="cell" aria-label="First look">`,
    `<header class="cell-header"><h2><span class="cell-step">1</span> Load the dataset</h2><p class="cell-prose">The first image and the shape of the training set, while the notebook starts and the ${digit.total.toLocaleString('en-US')} images load into TensorFlow.js tensors.</p></header>`,
    `<div class="cell-input"><span class="prompt">In [1]:</span><pre class="code">${escape(code)}</pre></div>`,
    `<div class="cell-output"><span class="prompt out">Out[1]:</span><div class="output-body">`,
    `<pre class="first-screen-shape" data-testid="first-screen.shape" elementtiming="${FIRST_SCREEN_TIMING.shape}">${shape}</pre>`,
    `<img class="first-screen-digit" data-testid="first-screen.digit" elementtiming="${FIRST_SCREEN_TIMING.digit}" src="${src}" width="${size}" height="${size}" alt="${escape(`${images}[0], labelled ${digit.label}`)}" data-pixels="${Buffer.from(digit.pixels).toString('base64')}" />`,
    `<pre class="first-screen-label" data-testid="first-screen.label">${digit.label}</pre>`,
    `<p class="pending">Starting the notebook…</p>`,
    `</div></div></section></main></div>`,
  ].join('');
}

/** Vite plugin: fills index.html's empty `<div id="root"></div>` with the first screen (dev server and build). */
export function firstScreen(): Plugin {
  let publicDir = 'public';
  return {
    name: 'mnist-notebook:first-screen',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        const digit = readFirstDigit(join(publicDir, DATA_URL_PATH));
        if (!digit) {
          console.warn('[first-screen] the dataset is not prepared (npm run prepare-data): index.html keeps an empty first screen');
          return html;
        }
        const root = '<div id="root"></div>';
        if (!html.includes(root)) throw new Error(`index.html: no ${root} to fill with the first screen`);
        return html.replace(root, `<div id="root">${firstScreenHtml(digit)}</div>`);
      },
    },
  };
}
