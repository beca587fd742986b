/**
 * `npm start` as a user runs it (into a throwaway output folder, on any free port): with no build it
 * says it is building the production bundle, builds, serves it with the CSP header and prints the URL,
 * where Chromium loads and verifies the notebook with its favicon; run again it serves the same build
 * without building; a build whose dataset differs from public/data is built again.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CSP_HEADER } from '../../scripts/csp';
import { startApp } from '../../scripts/start-process';
import { openPage, pageRecord, useBrowser } from './browser';
import { DatasetCell } from './pages/datasetCell';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = mkdtempSync(join(tmpdir(), 'mnist-start-test-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** A build on a busy 2-core machine takes 5-30 s. */
const START_TIMEOUT_MS = 120_000;

const browser = useBrowser();

const start = () => startApp(root, ['--port', '0', '--out-dir', outDir], START_TIMEOUT_MS);

describe('npm start', () => {
  it('builds when there is no build, serves it with the CSP header; serves it again without building; rebuilds when the data changed', { timeout: 3 * START_TIMEOUT_MS }, async () => {
    const first = await start();
    try {
      expect(first.output()).toMatch(/start: building the production bundle… \(there is no production build yet\)/);
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const response = await fetch(first.url);
      expect(response.headers.get('content-security-policy')).toBe(CSP_HEADER);
      expect(await response.text()).toContain('<meta http-equiv="Content-Security-Policy"');
      const favicon = await fetch(new URL('favicon.svg', first.url));
      expect(favicon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);

      const page = await openPage(browser());
      await page.goto(first.url);
      await new DatasetCell(page).waitUntilLoaded();
      expect(pageRecord(page).requests).toContain(new URL('favicon.svg', first.url).href);
      expect(pageRecord(page).consoleErrors).toEqual([]);
    } finally {
      await first.stop();
    }

    const second = await start();
    await second.stop();
    expect(second.output()).toMatch(/start: the production bundle in .* is up to date/);
    expect(second.output()).not.toMatch(/building/);

    appendFileSync(join(outDir, 'data', 'mnist', 'manifest.json'), ' ');
    const third = await start();
    await third.stop();
    expect(third.output()).toMatch(/start: building the production bundle… \(the dataset in public\/data differs from the one in the build\)/);
  });
});
