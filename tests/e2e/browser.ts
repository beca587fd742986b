/**
 * Browser helpers for e2e specs: one Chromium per test file, pages that record console errors,
 * uncaught errors and every request, and expectCleanPage() to assert on those records.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, onTestFinished } from 'vitest';
import { launchChromium, type LaunchedChromium } from './chromium';

/** URL of the built app with an optional query, e.g. appUrl({ split: 'test', i: 3 }). */
export function appUrl(query: Record<string, string | number> = {}): string {
  const url = new URL(inject('baseUrl'));
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
  return url.href;
}

export function appOrigin(): string {
  return new URL(inject('baseUrl')).origin;
}

/** Launches Chromium before the file's tests and closes it after; returns a getter for the browser. */
export function useBrowser(): () => Browser {
  let launched: LaunchedChromium | undefined;
  beforeAll(async () => {
    launched = await launchChromium();
  });
  afterAll(async () => {
    await launched?.close();
  });
  return () => {
    if (!launched) throw new Error('useBrowser(): the browser is not running (call useBrowser() at the top level of the test file)');
    return launched.browser;
  };
}

interface PageRecord {
  context: BrowserContext;
  consoleErrors: string[];
  consoleWarnings: string[];
  pageErrors: string[];
  requests: string[];
  failedRequests: string[];
}

const records = new WeakMap<Page, PageRecord>();

export interface OpenPageOptions {
  /**
   * Keep the page after the current test (for a page opened in beforeAll and shared by a file's tests;
   * it closes with the browser). By default the page's context closes when the test finishes.
   */
  shared?: boolean;
  /**
   * Let the app register its offline service worker (off by default). Without it the page sees no
   * `navigator.serviceWorker`, as before the app had one: a worker installing 14 MB in the background,
   * or serving a reload from its cache, would make the other tests' timings depend on it.
   */
  serviceWorker?: boolean;
}

/** Init script: the browser has no service workers. Runs in the page, before its scripts. */
function withoutServiceWorkers(): void {
  delete (Navigator.prototype as { serviceWorker?: unknown }).serviceWorker;
}

/**
 * A blank page in a fresh context (own cache, storage and service workers: nothing carries over
 * between tests or runs), recording console errors and warnings,
 * uncaught errors and every request. Navigate it through a page object (pages/notebook.ts).
 */
export async function openPage(browser: Browser, options: OpenPageOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  if (!options.shared) onTestFinished(() => context.close());
  if (!options.serviceWorker) await context.addInitScript(withoutServiceWorkers);
  const page = await context.newPage();
  const record: PageRecord = { context, consoleErrors: [], consoleWarnings: [], pageErrors: [], requests: [], failedRequests: [] };
  records.set(page, record);
  page.on('console', (message) => {
    const where = message.location().url;
    const line = where ? `${message.text()} (at ${where})` : message.text();
    if (message.type() === 'error') record.consoleErrors.push(line);
    else if (message.type() === 'warning') record.consoleWarnings.push(line);
  });
  page.on('pageerror', (error) => record.pageErrors.push(error.stack ?? error.message));
  context.on('request', (request) => record.requests.push(request.url()));
  context.on('requestfailed', (request) => record.failedRequests.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`));
  return page;
}

/** Everything recorded for a page so far (copies). */
export function pageRecord(page: Page): Omit<PageRecord, 'context'> {
  const record = records.get(page);
  if (!record) throw new Error('pageRecord(): this page was not opened with openPage()');
  const { consoleErrors, consoleWarnings, pageErrors, requests, failedRequests } = record;
  return { consoleErrors: [...consoleErrors], consoleWarnings: [...consoleWarnings], pageErrors: [...pageErrors], requests: [...requests], failedRequests: [...failedRequests] };
}

export interface CleanPageOptions {
  /** Console errors matching any of these (text plus source URL) are expected and ignored. */
  allowConsoleErrors?: RegExp[];
  /** The origin requests must stay on; the e2e preview's by default (a test with its own server passes its own). */
  origin?: string;
}

function isSameOriginOrInline(url: string, origin: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

/** No console errors, no uncaught errors, and no request left the app's origin (data: and blob: are fine). */
export function expectCleanPage(page: Page, options: CleanPageOptions = {}): void {
  const record = pageRecord(page);
  const allowed = options.allowConsoleErrors ?? [];
  const consoleErrors = record.consoleErrors.filter((line) => !allowed.some((pattern) => pattern.test(line)));
  expect(consoleErrors, 'console errors on the page').toEqual([]);
  expect(record.pageErrors, 'uncaught errors on the page').toEqual([]);
  const origin = options.origin ?? appOrigin();
  const foreign = record.requests.filter((url) => !isSameOriginOrInline(url, origin));
  expect(foreign, `requests that left the app origin ${origin}`).toEqual([]);
}
