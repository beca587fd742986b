/** Running one bench page (or the app) in a freshly launched Chromium, with every long task recorded. */
import type { Page } from 'playwright-core';
import type { BenchStatus, LongTaskEntry, RunRecord } from '../../bench/record';
import { LONG_TASK_RECORDER } from '../bench-common';
import { launch } from '../chromium';

/** Progress and the human summary go to stderr; stdout carries only the JSON line. */
export function log(line: string): void {
  process.stderr.write(`bench-training: ${line}\n`);
}

/** Runs `work` on a page of a freshly launched browser (with the long-task recorder), then closes it. */
export async function withFreshPage<T>(home: string, work: (page: Page) => Promise<T>): Promise<T> {
  const browser = await launch(home);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(LONG_TASK_RECORDER);
    const page = await context.newPage();
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith('[bench]')) log(`  ${text.slice(8)}`);
      else if (message.type() === 'error' || message.type() === 'warning') log(`  page ${message.type()}: ${text}`);
    });
    page.on('pageerror', (error) => log(`  page error: ${error.message}`));
    return await work(page);
  } finally {
    await browser.close().catch(() => undefined);
  }
}

/** What one bench page run hands to the figures: its record, the long tasks it had, its wall time. */
export interface RunOutcome {
  record: RunRecord;
  longTasks: LongTaskEntry[];
  wallMs: number;
}

/** Opens a bench page and waits (up to `timeoutMs`) for the record it publishes; throws the page's error. */
export async function runBenchPage(home: string, url: string, timeoutMs: number): Promise<RunOutcome> {
  return withFreshPage(home, async (page) => {
    const started = Date.now();
    await page.goto(url);
    await page.waitForFunction(() => window.__benchStatus?.state === 'done' || window.__benchStatus?.state === 'error', undefined, { timeout: timeoutMs, polling: 1000 });
    const read = await page.evaluate(() => ({ status: window.__benchStatus as BenchStatus, longTasks: window.__benchLongTasks ?? [] }));
    if (read.status.state !== 'done') throw new Error(`the page failed: ${read.status.state === 'error' ? read.status.message : read.status.state}`);
    return { record: read.status.record, longTasks: read.longTasks, wallMs: Date.now() - started };
  });
}
