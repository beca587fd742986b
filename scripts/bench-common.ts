/** What the benchmark scripts read the same way: env numbers, rounding, the machine, long tasks, the served build. */
import { mkdtempSync, rmSync } from 'node:fs';
import { arch, cpus, release, totalmem, tmpdir, type as osType } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { preview } from 'vite';
import { launch } from './chromium';

/** A positive whole number from an environment variable, or `fallback`. */
export function positiveInt(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** `value` to `digits` decimals; null for a missing or non-finite value (JSON has no NaN). */
export function round(value: number | null | undefined, digits = 1): number | null {
  return value == null || !Number.isFinite(value) ? null : Number(value.toFixed(digits));
}

/** The machine a run measured: OS, CPUs, memory, Node, and the Chromium and WebGL renderer of `page`'s browser. */
export async function machineInfo(page: Page) {
  const webglRenderer = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  });
  const cpuList = cpus();
  return {
    os: `${osType()} ${release()} ${arch()}`,
    cpus: { model: cpuList[0]?.model ?? 'unknown', count: cpuList.length },
    memoryGB: round(totalmem() / 2 ** 30),
    node: process.version,
    chromium: page.context().browser()?.version() ?? null,
    webglRenderer,
  };
}

/** Installed before any page script: collects every main-thread long task (>= 50 ms) the page has. */
export const LONG_TASK_RECORDER = `
  window.__benchLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__benchLongTasks.push({ startTime: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    console.log('[bench] no longtask observer: ' + e);
  }
  // The trainer's own synchronous work (src/model/work-trace.ts), to tell training's long tasks from the page's.
  window.__benchTrainingWork = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'mnist:training-work') window.__benchTrainingWork.push({ startTime: e.startTime, duration: e.duration, what: String(e.detail) });
    }).observe({ type: 'measure', buffered: true });
  } catch (e) {
    console.log('[bench] no measure observer: ' + e);
  }
`;

/** Installed before any page script: the paint times of the first screen's elements (scripts/first-screen.ts). */
export const ELEMENT_TIMING_RECORDER = `
  window.__benchElements = {};
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!(e.identifier in window.__benchElements)) window.__benchElements[e.identifier] = e.renderTime || e.loadTime;
    }).observe({ type: 'element', buffered: true });
  } catch (e) {
    console.log('[bench] no element timing observer: ' + e);
  }
`;

/**
 * Whether the served index.html has its first screen's element `first` before `then` (both present): an
 * element earlier in a static document is laid out and painted no later than one after it.
 */
export function paintedNoLater(html: string, first: string, then: string): boolean {
  const at = (id: string) => html.indexOf(`elementtiming="${id}"`);
  return at(first) >= 0 && at(then) > at(first);
}

/**
 * The production build in dist/ served as `npm start` serves it (vite preview on a free port), a browser
 * profile folder for the runs, and the machine as a first browser sees it; `close` stops the server and
 * removes the folder.
 */
export async function servePreview(root: string, name: string) {
  const server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const home = mkdtempSync(join(tmpdir(), `mnist-${name}-`));
  const close = async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  };
  try {
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview reports no local URL');
    const probe = await launch(home);
    const machine = await machineInfo(await probe.newPage());
    await probe.close();
    return { url, home, machine, close };
  } catch (e) {
    await close();
    throw e;
  }
}
