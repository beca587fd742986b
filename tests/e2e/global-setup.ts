/**
 * One `vite preview` of the production build for the whole e2e run; tests get its URL via
 * inject('baseUrl'). scripts/run-tests.mjs builds first; standalone runs build only if dist/ is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  interface ProvidedContext {
    /** Root URL of the built app, ending in '/'. */
    baseUrl: string;
  }
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** E2E_DIST=dist-mine serves (and builds into) another folder, so parallel work does not share one build. */
export const DIST = resolve(root, process.env.E2E_DIST ?? 'dist');
const DIST_INDEX = join(DIST, 'index.html');
const DIST_MANIFEST = join(DIST, 'data', 'mnist', 'manifest.json');
const PUBLIC_MANIFEST = join(root, 'public', 'data', 'mnist', 'manifest.json');

function ensureBuilt(): void {
  if (!existsSync(PUBLIC_MANIFEST)) {
    throw new Error(`e2e: ${PUBLIC_MANIFEST} is missing; run \`npm run prepare-data\` first (npm test does this in pretest).`);
  }
  if (existsSync(DIST_INDEX) && existsSync(DIST_MANIFEST)) {
    console.log(`e2e: serving the existing ${DIST} (built ${statSync(DIST_INDEX).mtime.toISOString()}); \`npx vite build --outDir ${DIST}\` to refresh it.`);
    return;
  }
  console.log(`e2e: ${DIST} has no build with data in it; running \`npx vite build --outDir ${DIST}\``);
  // Vitest sets NODE_ENV=test, which the child would inherit: Vite then builds React's development
  // bundle (StrictMode double-invokes the services' initialisers), not the app users get.
  const result = spawnSync('npx', ['vite', 'build', '--outDir', DIST, '--emptyOutDir'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`e2e: \`npx vite build\` failed (exit ${result.status ?? result.signal}).`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureBuilt();
  const server = await preview({
    root,
    logLevel: 'warn',
    build: { outDir: DIST },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) {
    await server.close();
    throw new Error('e2e: vite preview started but reports no local URL.');
  }
  const baseUrl = url.endsWith('/') ? url : `${url}/`;
  console.log(`e2e: app served at ${baseUrl}`);
  project.provide('baseUrl', baseUrl);
  return async () => {
    await server.close();
  };
}
