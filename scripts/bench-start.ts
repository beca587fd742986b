/**
 * `npm start`'s two modes for `npm run bench`: ms from running `npm start` to its URL on the output,
 * with a fresh build (an empty output folder: prepare-data's check, the production build, the server)
 * and with an up-to-date build (the check and the server only). Runs alternate between the modes so
 * drift on a shared machine hits both alike; each mode reports median, min and max.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { round } from './bench-common';
import { startApp } from './start-process';

export type StartMode = 'freshBuild' | 'upToDate';

export interface StartRun {
  mode: StartMode;
  run: number;
  msToUrl: number | null;
  /** Whether it said it was building the production bundle. */
  built: boolean;
  error?: string;
}

export interface Spread {
  runs: number;
  medianMs: number | null;
  minMs: number | null;
  maxMs: number | null;
}

/** Median, min and max of the finite values; nulls when there are none. */
export function spread(values: readonly (number | null)[]): Spread {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return { runs: 0, medianMs: null, minMs: null, maxMs: null };
  const mid = Math.floor(xs.length / 2);
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { runs: xs.length, medianMs: round(median, 0), minMs: round(xs[0], 0), maxMs: round(xs[xs.length - 1], 0) };
}

async function once(root: string, outDir: string, mode: StartMode, run: number, timeoutMs: number): Promise<StartRun> {
  if (mode === 'freshBuild') rmSync(outDir, { recursive: true, force: true });
  try {
    const app = await startApp(root, ['--port', '0', '--out-dir', outDir], timeoutMs);
    await app.stop();
    const built = app.output().includes('building the production bundle');
    const error = built === (mode === 'freshBuild') ? undefined : `expected ${mode === 'freshBuild' ? 'a build' : 'no build'}; output:\n${app.output()}`;
    return { mode, run, msToUrl: round(app.msToUrl, 0), built, ...(error ? { error } : {}) };
  } catch (error) {
    return { mode, run, msToUrl: null, built: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** `runs` runs of each mode into a throwaway output folder (dist/ is left alone); `onRun` sees each as it ends. */
export async function measureStart(root: string, runs: number, timeoutMs: number, onRun: (run: StartRun) => void): Promise<Record<StartMode, Spread>> {
  const outDir = mkdtempSync(join(tmpdir(), 'mnist-bench-start-'));
  const all: StartRun[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      for (const mode of ['freshBuild', 'upToDate'] as const) {
        const result = await once(root, outDir, mode, run, timeoutMs);
        all.push(result);
        onRun(result);
      }
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  const ok = (mode: StartMode) => all.filter((r) => r.mode === mode && !r.error).map((r) => r.msToUrl);
  return { freshBuild: spread(ok('freshBuild')), upToDate: spread(ok('upToDate')) };
}
