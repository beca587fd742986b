/**
 * The classic pipeline's data loading beside the app's load, for `npm run bench` (issue 12, point 1):
 * bench/classic-load.html (built with the bench pages, vite.bench.config.ts) decodes every image into
 * Float32Arrays on the CPU as tfjs-examples/mnist does; its data-ready time is what the app's "all
 * 70,000 images in tensors and verified" is compared with, run by run (the machine is noisy).
 */
import type { Browser } from 'playwright-core';
import { round } from './bench-common';

/** The app's all-verified time may be at most this many times the classic pipeline's data-ready time. */
export const LOAD_RATIO_TARGET = 1.25;

export interface ClassicRun {
  ok: boolean;
  error?: string;
  /** performance.now() at data ready, from navigation start. */
  dataReadyMs: number | null;
  images: number | null;
  mismatches: number | null;
}

/** One load of the classic page in a fresh context, cache disabled (as the app's runs). */
export async function measureClassic(browser: Browser, url: string, timeoutMs: number): Promise<ClassicRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.goto(url);
    const handle = await page.waitForFunction(() => (window as unknown as { __classicLoad?: unknown }).__classicLoad, null, { timeout: timeoutMs, polling: 50 });
    const result = (await handle.jsonValue()) as { dataReadyMs?: number; images?: number; mismatches?: number; error?: string };
    if (result.error !== undefined) return { ok: false, error: result.error, dataReadyMs: null, images: null, mismatches: null };
    return { ok: result.mismatches === 0, dataReadyMs: round(result.dataReadyMs ?? null), images: result.images ?? null, mismatches: result.mismatches ?? null };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e), dataReadyMs: null, images: null, mismatches: null };
  } finally {
    await context.close();
  }
}
