/**
 * The production build under its Content-Security-Policy (the header vite preview sends, as `npm start`
 * serves it, and the <meta> in the built index.html): a whole session (load and verify, a cell, a few
 * Dense batches and Stop, a drawing, save and load a model, downloads, export, an uploaded dataset)
 * records no `securitypolicyviolation` event and no CSP console message. The same recorder sees the
 * violations of an inline script, an inline <style>, eval and a foreign frame, so it can fail.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CSP_HEADER, CSP_META } from '../../scripts/csp';
import { idxFile } from '../unit/data/fixtures';
import { appUrl, expectCleanPage, openPage, pageRecord, useBrowser } from './browser';
import { CustomDatasetPanel, UPLOAD_TIMEOUT_MS } from './pages/customDataset';
import { DrawCell } from './pages/drawCell';
import { ExprNotebook } from './pages/exprNotebook';
import { ModelsPanel } from './pages/modelsPanel';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';
import { TrainingCell } from './pages/trainingCell';

const TRAIN_TIMEOUT_MS = 90_000;
const browser = useBrowser();

interface Violation {
  directive: string;
  blocked: string;
  source: string;
  sample: string;
  policy: string;
}

declare global {
  interface Window {
    __cspViolations?: Violation[];
  }
}

/** Init script: keeps every securitypolicyviolation event of the page. Runs in the page, before its scripts. */
function recordViolations(): void {
  const seen: Violation[] = [];
  window.__cspViolations = seen;
  window.addEventListener(
    'securitypolicyviolation',
    (e) => seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}`, sample: e.sample, policy: e.originalPolicy }),
    true,
  );
}

const violations = (page: Page): Promise<Violation[]> => page.evaluate(() => window.__cspViolations ?? []);

/** Console lines about the policy (Chromium logs every refusal as an error). */
const cspConsole = (page: Page): string[] => pageRecord(page).consoleErrors.filter((line) => /Content Security Policy|Content-Security-Policy|Refused to/i.test(line));

async function openUnderPolicy(query: Record<string, string | number> = {}): Promise<Page> {
  const page = await openPage(browser(), { serviceWorker: true });
  await page.addInitScript(recordViolations);
  const response = await page.goto(appUrl(query));
  expect(response?.headers()['content-security-policy'], 'the CSP header of index.html').toBe(CSP_HEADER);
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'), 'the CSP meta of the built index.html').toBe(CSP_META);
  await new Notebook(page).dataset.waitUntilLoaded();
  return page;
}

/** Four small gzipped 28x28 IDX files (100 train, 20 test images of noise), as "Your own dataset" takes them. */
function smallDataset(): { name: string; buffer: Buffer }[] {
  const images = (n: number) => Buffer.from(gzipSync(idxFile([n, 28, 28], Uint8Array.from({ length: n * 784 }, (_, i) => (i * 37) % 256))));
  const labels = (n: number) => Buffer.from(gzipSync(idxFile([n], Uint8Array.from({ length: n }, (_, i) => i % 10))));
  return [
    { name: 'train-images-idx3-ubyte.gz', buffer: images(100) },
    { name: 'train-labels-idx1-ubyte.gz', buffer: labels(100) },
    { name: 't10k-images-idx3-ubyte.gz', buffer: images(20) },
    { name: 't10k-labels-idx1-ubyte.gz', buffer: labels(20) },
  ];
}

describe('content security policy', () => {
  it('a whole session under the policy records no violation', async () => {
    const page = await openUnderPolicy({ model: 'dense', subset: 2000, batch: 16, epochs: 1 });

    const expr = new ExprNotebook(page);
    const at = await expr.appendCodeCell();
    await expr.typeAndRun(at, 'training_labels[0:10]');
    await expect.poll(async () => (await expr.cell('training_labels[0:10]'))?.text, { timeout: UI_TIMEOUT_MS, message: 'the typed cell' }).toBe('[5 0 4 1 9 2 1 3 1 4]');

    const training = new TrainingCell(page);
    await training.root.scrollIntoViewIfNeeded();
    await expect.poll(() => training.control('train').isEnabled(), { timeout: UI_TIMEOUT_MS, message: 'Train enabled' }).toBe(true);
    await training.control('train').click();
    await expect.poll(() => training.lossPoints(), { timeout: TRAIN_TIMEOUT_MS, message: 'batches on the loss chart' }).toBeGreaterThan(3);
    await training.control('stop').click();
    await expect.poll(() => training.phase(), { timeout: TRAIN_TIMEOUT_MS, message: 'phase after Stop' }).toBe('stopped');
    await expect.poll(() => training.testAccuracy(), { timeout: TRAIN_TIMEOUT_MS, message: 'evaluation at the stop' }).not.toBeNull();
    const accuracy = await training.testAccuracy();

    const draw = new DrawCell(page);
    await draw.stroke([
      { x: 0.5, y: 0.15 },
      { x: 0.5, y: 0.85 },
    ]);
    await expect.poll(() => draw.strokes(), { timeout: UI_TIMEOUT_MS, message: 'strokes on the pad' }).toBe(1);
    await expect.poll(() => draw.predictionState(), { timeout: UI_TIMEOUT_MS, message: 'the drawing read by the model' }).toBe('ok');
    await expect.poll(() => draw.nearestItems.count(), { timeout: UI_TIMEOUT_MS, message: 'nearest training images' }).toBe(5);

    const models = new ModelsPanel(page);
    await models.save('csp');
    await expect.poll(() => models.noticeText(), { timeout: UI_TIMEOUT_MS }).toMatch(/^Saved 'csp' in this browser/);
    await models.load('csp');
    await expect.poll(() => training.accuracyText(), { timeout: TRAIN_TIMEOUT_MS, message: 'the loaded model evaluated' }).toMatch(/of the loaded model 'csp'/);
    expect(await training.testAccuracy()).toBe(accuracy);

    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.getByTestId('models.download').click();
    await expect.poll(() => downloads.length, { timeout: UI_TIMEOUT_MS, message: 'model.json and weights downloaded' }).toBe(2);
    expect(JSON.parse(await expr.exportText()).nbformat, 'the exported .ipynb').toBe(4);

    const custom = new CustomDatasetPanel(page);
    await custom.upload(smallDataset());
    await expect.poll(() => custom.state(), { timeout: UPLOAD_TIMEOUT_MS, message: 'the uploaded dataset' }).toBe('done');

    expect(await violations(page), 'securitypolicyviolation events').toEqual([]);
    expect(cspConsole(page), 'CSP messages on the console').toEqual([]);
    expectCleanPage(page);
  });

  it("an imported notebook's text cells: a table, links, images, maths and raw HTML render under the policy, and nothing in them runs", async () => {
    const page = await openUnderPolicy();
    const expr = new ExprNotebook(page);
    const text = [
      '## Counts\n\nThe first labels, from [the MNIST page](https://example.org/mnist) and `training_labels[0:10]`:\n\n',
      '| digit | count | share |\n|:--|:-:|--:|\n| 0 | 5923 | 9.9% |\n| 1 | `6742` | 11.2% |\n\n',
      '```\n(training_labels == 3).sum()\n```\n\n- [x] ~~load~~ loaded, the mean is $\\mu$\n- [ ] train\n\n',
      '$$\n\\bar{x} = \\frac{1}{n}\\sum_{i=1}^{n} x_i\n$$\n\nA formula KaTeX refuses: $\\frac{$',
    ].join('');
    const hostile = [
      '[click](javascript:window.__mdRan=1) ![own](favicon.svg) ![remote](https://example.org/remote.png)\n\n',
      '<script>window.__mdRan=2</script>\n\n<img src="x" onerror="window.__mdRan=3"> <b onclick="window.__mdRan=4">bold?</b>',
    ].join('');
    const notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [text, hostile].map((source) => ({ cell_type: 'markdown', metadata: {}, source })) };
    await expr.importFile('text.ipynb', JSON.stringify(notebook));
    await expect.poll(() => expr.noticeText(), { timeout: UI_TIMEOUT_MS }).toContain('Imported');
    const [first, second] = [expr.cells.nth(0).getByTestId('expr.cell.markdown'), expr.cells.nth(1).getByTestId('expr.cell.markdown')];
    await expect.poll(() => first.locator('table').count(), { timeout: UI_TIMEOUT_MS, message: 'the table rendered' }).toBe(1);

    expect(await first.locator('h4').textContent()).toBe('Counts');
    expect(await first.locator('th').evaluateAll((ths) => ths.map((th) => `${th.textContent}:${th.className}:${getComputedStyle(th).textAlign}`))).toEqual([
      'digit:md-align-left:left',
      'count:md-align-center:center',
      'share:md-align-right:right',
    ]);
    expect(await first.locator('td').allTextContents()).toEqual(['0', '5923', '9.9%', '1', '6742', '11.2%']);
    const link = first.getByRole('link', { name: 'the MNIST page' });
    expect([await link.getAttribute('href'), await link.getAttribute('target'), await link.getAttribute('rel')]).toEqual(['https://example.org/mnist', '_blank', 'noopener noreferrer']);
    expect(await first.locator('pre code').textContent()).toBe('(training_labels == 3).sum()\n');
    expect(await first.locator('del').textContent()).toBe('load');
    expect(await first.locator('input[type=checkbox]').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).checked))).toEqual([true, false]);
    await expect.poll(() => first.locator('li math').isVisible(), { timeout: UI_TIMEOUT_MS, message: 'the inline maths typeset' }).toBe(true);
    expect(await first.locator('li math annotation').textContent()).toBe('\\mu');
    const display = first.locator('math[display="block"]');
    expect(await display.isVisible(), 'the display maths typeset').toBe(true);
    expect(await first.locator('.katex-error').textContent(), 'the refused formula shows its source').toBe('\\frac{');
    expect(await display.evaluate((m) => [m.namespaceURI, getComputedStyle(m).display, m.querySelectorAll('mfrac, munderover').length])).toEqual(['http://www.w3.org/1998/Math/MathML', 'block math', 2]);

    expect(await second.locator('a[href^="javascript"], script, [onerror], [onclick], [style]').count(), 'elements from raw HTML or unsafe URLs').toBe(0);
    expect(await second.locator('.md-link-dropped').textContent()).toBe('click');
    await expect.poll(() => second.locator('img[src="favicon.svg"]').evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: UI_TIMEOUT_MS, message: 'the own image drawn' }).toBeGreaterThan(0);
    expect(await second.locator('img').count(), 'the remote image is not loaded').toBe(1);
    expect(await second.locator('a.md-image-link').getAttribute('href')).toBe('https://example.org/remote.png');
    expect(await second.locator('a.md-image-link').textContent()).toBe('[image: remote]');
    const shown = (await second.textContent()) ?? '';
    for (const raw of ['<script>window.__mdRan=2</script>', '<img src="x" onerror="window.__mdRan=3">', '<b onclick="window.__mdRan=4">bold?</b>']) expect(shown, 'raw HTML shown as text').toContain(raw);
    await second.locator('pre.md-raw-html').click();
    await first.locator('table').click();
    expect(await page.evaluate(() => (window as unknown as Record<string, unknown>).__mdRan), 'nothing from the cells ran').toBeUndefined();
    expect(await page.locator('.expr-markdown [style]').count(), 'style attributes in text cells').toBe(0);

    if (process.env.MD_SCREENSHOT) await expr.cells.nth(0).screenshot({ path: process.env.MD_SCREENSHOT });
    expect(await violations(page), 'securitypolicyviolation events').toEqual([]);
    expect(cspConsole(page), 'CSP messages on the console').toEqual([]);
    expectCleanPage(page);
  });

  it('reports what the policy refuses: an inline script, an inline style, eval, and framing by another origin', async () => {
    const page = await openUnderPolicy();
    // Injected from a task of the page's own: code evaluated by the test driver itself is exempt from the policy.
    await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      setTimeout(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true;';
        document.head.append(script);
        const style = document.createElement('style');
        style.textContent = 'body { outline: 3px solid red; }';
        document.head.append(style);
        try {
          w.__evalResult = String(new Function('return "eval ran"')());
        } catch (error) {
          w.__evalResult = (error as Error).name;
        }
      }, 0);
    });
    await expect.poll(() => page.evaluate(() => (window as unknown as Record<string, unknown>).__evalResult), { timeout: UI_TIMEOUT_MS }).toBeDefined();
    const outcome = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return { inlineRan: w.__inlineRan ?? false, outline: getComputedStyle(document.body).outlineStyle, evalResult: w.__evalResult };
    });
    expect(outcome).toEqual({ inlineRan: false, outline: 'none', evalResult: 'EvalError' });
    // Each refusal is reported once by each policy in force: the header's and the meta's.
    const byPolicy = async () =>
      (await violations(page)).map((v) => `${v.directive} by the ${v.policy === CSP_HEADER ? 'header' : v.policy === CSP_META ? 'meta' : `other policy ${v.policy}`}`).sort();
    await expect
      .poll(byPolicy, { timeout: UI_TIMEOUT_MS, message: 'violations reported' })
      .toEqual(['script-src by the header', 'script-src by the meta', 'script-src-elem by the header', 'script-src-elem by the meta', 'style-src-elem by the header', 'style-src-elem by the meta']);
    expect(cspConsole(page).length, 'CSP console errors').toBeGreaterThanOrEqual(3);

    // frame-ancestors 'none' comes with the header only (a <meta> cannot carry it): another origin cannot frame the app.
    // The framing page comes from another origin on this machine (a server of the test's own, another port).
    const app = appUrl();
    const embedder = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<iframe src="${app}"></iframe>`));
    await new Promise<void>((done) => embedder.listen(0, '127.0.0.1', done));
    onTestFinished(() => new Promise<void>((done) => embedder.close(() => done())));
    const embed = await openPage(browser());
    await embed.goto(`http://127.0.0.1:${(embedder.address() as AddressInfo).port}/`);
    await expect.poll(() => cspConsole(embed).join('\n'), { timeout: UI_TIMEOUT_MS, message: 'the frame refused' }).toMatch(/frame-ancestors 'none'/);
    expect(await embed.frames()[1]?.locator('#root').count(), 'the app inside the frame').toBe(0);
  });
});
