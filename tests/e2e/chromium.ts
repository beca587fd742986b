/** Launches the system Chromium the same way everywhere: headless, no sandbox (CI runs as root), throwaway dirs. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Quiet, offline-friendly flags; playwright-core's default --enable-unsafe-swiftshader stays on (WebGL2 without a GPU). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

export interface LaunchedChromium {
  browser: Browser;
  /** Closes the browser and removes its config/cache folder. */
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedChromium> {
  const home = mkdtempSync(join(tmpdir(), 'mnist-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_CACHE_HOME: join(home, 'cache'),
      XDG_DATA_HOME: join(home, 'data'),
    },
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
