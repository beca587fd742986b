/**
 * The build as a static site under a sub-path and offline: a plain Node server maps /mnist/* to the
 * build folder (with the CSP header, as a host would send it). After the first visit the page says it
 * is ready offline; with the browser offline a reload loads the notebook from the service worker's
 * cache, verifies the dataset and trains. A second build with a change gets a "reload to update"
 * notice, the page keeps the old version until the user takes it, and only changed files are fetched.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { build, type Plugin } from 'vite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CSP_HEADER } from '../../scripts/csp';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { DIST } from './global-setup';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';
import { TrainingCell } from './pages/trainingCell';

const PREFIX = '/mnist/';
/** Precaching the app and the 12 MB dataset, next to the page's own load, on a busy 2-core machine. */
const OFFLINE_READY_TIMEOUT_MS = 90_000;
const TRAIN_TIMEOUT_MS = 90_000;
const TRAIN_QUERY = '?model=dense&subset=2000&batch=16&epochs=1';
/** The browser's own update check fetches the worker script and what it imports. */
const WORKER_SCRIPT = /^\/mnist\/(?:sw|workbox-[\w-]+)\.js$/;
const root = resolve(import.meta.dirname, '..', '..');
const browser = useBrowser();

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

interface StaticSite {
  url: string;
  /** Paths (with query) of every request that reached the server, in order. */
  requests: string[];
  /** The folder served under PREFIX; switch it to publish another build. */
  folder: string;
  /** While true the host is down: every connection is dropped (and its path kept in `refused`). */
  down: boolean;
  refused: string[];
  server: Server;
}

/** A static host: PREFIX + path -> folder/path, anything else 404, `Cache-Control: no-cache` as many hosts send. */
async function serveStatic(folder: string): Promise<StaticSite> {
  const site: StaticSite = { url: '', requests: [], folder, down: false, refused: [], server: createServer() };
  site.server.on('request', (req, res) => {
    const path = req.url ?? '/';
    if (site.down) {
      site.refused.push(path);
      req.socket.destroy();
      return;
    }
    site.requests.push(path);
    const pathname = decodeURIComponent(new URL(path, 'http://host').pathname);
    if (pathname === PREFIX.slice(0, -1)) {
      res.writeHead(301, { Location: PREFIX }).end();
      return;
    }
    const relative = pathname.startsWith(PREFIX) ? normalize(pathname.slice(PREFIX.length) || 'index.html') : null;
    const file = relative && !relative.startsWith('..') ? join(site.folder, relative.endsWith('/') ? `${relative}index.html` : relative) : null;
    if (!file || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache', 'Content-Security-Policy': CSP_HEADER });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => site.server.listen(0, '127.0.0.1', done));
  site.url = `http://127.0.0.1:${(site.server.address() as AddressInfo).port}${PREFIX}`;
  return site;
}

/** The offline notice's state (data-state), or null while it shows nothing. */
const offlineState = (page: Page): Promise<string | null> => page.getByTestId('offline.status').getAttribute('data-state', { timeout: 1000 }).catch(() => null);

async function waitOfflineReady(page: Page): Promise<void> {
  await expect.poll(() => offlineState(page), { timeout: OFFLINE_READY_TIMEOUT_MS, message: 'the page says it is ready to work offline' }).toBe('ready');
}

/** Which build the page runs: the second build adds a <meta name="mnist-build">. */
const buildMark = (page: Page): Promise<string | null> => page.evaluate(() => document.querySelector('meta[name="mnist-build"]')?.getAttribute('content') ?? null);

/** A real second build of the app into a temporary folder, differing only by one tag in index.html. */
async function buildChanged(outDir: string): Promise<void> {
  const mark: Plugin = { name: 'test:mark-build', apply: 'build', transformIndexHtml: () => [{ tag: 'meta', attrs: { name: 'mnist-build', content: 'second' }, injectTo: 'head' }] };
  // Vitest sets NODE_ENV=test, which would give a development build (React's dev bundle, import.meta.env.PROD false).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', plugins: [mark], build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

describe('static site under a sub-path, offline', () => {
  let site: StaticSite;
  beforeAll(async () => {
    site = await serveStatic(DIST);
  });
  beforeEach(() => {
    site.down = false;
  });
  afterAll(async () => {
    await new Promise((done) => site?.server.close(done));
  });

  it('after the first visit, a reload offline loads the notebook from the cache, verifies the dataset and trains', async () => {
    const page = await openPage(browser(), { serviceWorker: true });
    const notebook = new Notebook(page);
    await page.goto(site.url + TRAIN_QUERY);
    await notebook.dataset.waitUntilLoaded();
    await waitOfflineReady(page);
    expect(await page.getByTestId('offline.status').textContent()).toMatch(/Ready to work offline/);
    await page.getByTestId('offline.status').screenshot({ path: join(root, 'test-results', 'offline-ready.png') });
    expect(site.requests.filter((path) => !path.startsWith(PREFIX)), 'requests outside the sub-path').toEqual([]);

    // Playwright's offline mode does not cover the browser's update check of the worker script, so the host goes down too.
    await page.context().setOffline(true);
    site.down = true;
    await notebook.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL), 'the page is served by the worker').toBe(`${site.url}sw.js`);
    expect(await notebook.dataset.verified()).toBe('yes');
    await waitOfflineReady(page);

    const training = new TrainingCell(page);
    await training.root.scrollIntoViewIfNeeded();
    await expect.poll(() => training.control('train').isEnabled(), { timeout: UI_TIMEOUT_MS, message: 'Train enabled' }).toBe(true);
    await training.control('train').click();
    await expect.poll(() => training.batchesTrained(), { timeout: TRAIN_TIMEOUT_MS, message: 'batches trained offline' }).toBeGreaterThan(3);
    await training.control('stop').click();
    await expect.poll(() => training.phase(), { timeout: TRAIN_TIMEOUT_MS, message: 'phase after Stop' }).toBe('stopped');
    expect(site.refused.filter((path) => !WORKER_SCRIPT.test(path)), 'requests for the network while offline, other than the update check of the worker').toEqual([]);
    expectCleanPage(page, { origin: new URL(site.url).origin });
    site.down = false;
  }, 240_000);

  it('a new build shows "reload to update"; the page keeps the old version until then, and unchanged data is not fetched again', async () => {
    const second = mkdtempSync(join(tmpdir(), 'mnist-pwa-second-'));
    try {
      const page = await openPage(browser(), { serviceWorker: true });
      const notebook = new Notebook(page);
      await page.goto(site.url);
      // A fresh context inherits no worker from the previous test, though it was at this same origin.
      expect(await page.evaluate(() => navigator.serviceWorker.controller), 'a worker left from another context').toBeNull();
      await notebook.dataset.waitUntilLoaded();
      await waitOfflineReady(page);
      expect(await buildMark(page)).toBeNull();

      await buildChanged(second);
      site.folder = second;
      const published = site.requests.length;
      await notebook.reload();
      await expect.poll(() => offlineState(page), { timeout: OFFLINE_READY_TIMEOUT_MS, message: 'the update notice' }).toBe('update');
      expect(await page.getByTestId('offline.status').textContent()).toMatch(/new version/);
      await page.getByTestId('offline.status').screenshot({ path: join(root, 'test-results', 'offline-update.png') });
      expect(await buildMark(page), 'the old version, whole, until the user reloads to update').toBeNull();
      const fetched = site.requests.slice(published);
      expect(fetched.some((path) => path.startsWith(`${PREFIX}sw.js`)), 'the new worker fetched').toBe(true);
      expect(fetched.filter((path) => path.startsWith(`${PREFIX}data/`)), 'data files fetched again although their SHA-256 did not change').toEqual([]);

      // A plain reload keeps the old version and the notice: the new worker waits.
      await notebook.reload();
      expect(await buildMark(page)).toBeNull();
      await expect.poll(() => offlineState(page), { timeout: OFFLINE_READY_TIMEOUT_MS, message: 'the update notice after a plain reload' }).toBe('update');

      await Promise.all([page.waitForEvent('load', { timeout: UI_TIMEOUT_MS }), page.getByTestId('offline.reload').click()]);
      await notebook.dataset.waitUntilLoaded();
      expect(await buildMark(page), 'the new version after "Reload to update"').toBe('second');
      await waitOfflineReady(page);
      expectCleanPage(page, { origin: new URL(site.url).origin });
    } finally {
      rmSync(second, { recursive: true, force: true });
    }
  }, 300_000);
});
