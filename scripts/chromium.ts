/** The benchmarks' Chromium: the system one, launched as tests/e2e/chromium.ts does (scripts/ does not import from tests/; keep the two in step). */
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/** Quiet, offline-friendly flags; playwright-core's default --enable-unsafe-swiftshader stays on (WebGL2 without a GPU). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

/** Launches headless Chromium with its config, cache and data under `home` (a throwaway folder). */
export function launch(home: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), XDG_DATA_HOME: join(home, 'data') },
  });
}
