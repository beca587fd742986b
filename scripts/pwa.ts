/**
 * The offline service worker (vite-plugin-pwa, Workbox's generateSW): it precaches the app shell
 * (index.html, the hashed JS and CSS, the favicon, the web app manifest) and the dataset. A data
 * file's precache revision is its SHA-256 from the dataset manifest, so a new build re-downloads
 * only the files whose bytes changed, and the same hash, as subresource integrity, stops a file
 * that does not match the manifest from entering the cache. The new worker of a new build waits
 * until the page asks it to take over (registerType 'prompt'): the notice in the page says
 * "reload to update", never a silent mix of old and new files. The dev server gets no worker.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { DATA_URL_PATH, MANIFEST_FILE, SPLITS, type Manifest } from '../src/data/format.ts';

/** The worker's file name in the build, next to index.html. */
export const SW_FILE = 'sw.js';

/** Larger than any precached file (a sheet is 1.7 MB, TensorFlow.js's chunk about 2 MB). */
export const MAX_PRECACHE_FILE_BYTES = 8 * 1024 * 1024;

/** What Workbox lists for the precache: URL relative to the build folder, its revision, bytes. */
export interface PrecacheEntry {
  url: string;
  revision: string | null;
  integrity?: string;
  size: number;
}

/** SHA-256 hex to a subresource-integrity value ("sha256-" + base64). */
export function sha256Integrity(hex: string): string {
  return `sha256-${Buffer.from(hex, 'hex').toString('base64')}`;
}

/** URL (relative to the build folder) -> SHA-256 hex of every data file: each sheet and labels file, and manifest.json itself. */
export function dataFileHashes(manifest: Manifest, manifestSha256: string): Map<string, string> {
  const hashes = new Map<string, string>([[DATA_URL_PATH + MANIFEST_FILE, manifestSha256]]);
  for (const split of SPLITS) {
    const { sheets, labels } = manifest.splits[split];
    for (const sheet of sheets) hashes.set(DATA_URL_PATH + sheet.file, sheet.sha256);
    hashes.set(DATA_URL_PATH + labels.file, labels.sha256);
  }
  return hashes;
}

/**
 * The precache list with each data file's revision and integrity set from its SHA-256; other entries
 * keep Workbox's revision. Throws when a data file is missing from the list (too large for the
 * precache, or not copied), since the app would then not work offline.
 */
export function withDataRevisions(entries: readonly PrecacheEntry[], hashes: ReadonlyMap<string, string>): PrecacheEntry[] {
  const missing = [...hashes.keys()].filter((url) => !entries.some((entry) => entry.url === url));
  if (missing.length > 0) throw new Error(`offline: the precache list lacks ${missing.join(', ')}; the dataset would not work offline`);
  return entries.map((entry) => {
    const sha256 = hashes.get(entry.url);
    return sha256 ? { ...entry, revision: sha256, integrity: sha256Integrity(sha256) } : entry;
  });
}

/** Reads the dataset manifest the build copied into `outDir` and returns its files' hashes. */
function readDataHashes(outDir: string): Map<string, string> {
  const path = join(outDir, DATA_URL_PATH, MANIFEST_FILE);
  if (!existsSync(path)) throw new Error(`offline: ${path} is missing; run \`npm run prepare-data\` before building`);
  const bytes = readFileSync(path);
  const manifest = JSON.parse(bytes.toString('utf8')) as Manifest;
  return dataFileHashes(manifest, createHash('sha256').update(bytes).digest('hex'));
}

/** The service worker and web app manifest plugins for the production build. */
export function offlineApp(): Plugin[] {
  // The transform runs after the bundle is written; it needs the output folder the build really used (--outDir).
  let outDir = '';
  const outDirOf: Plugin = {
    name: 'mnist-notebook:offline-out-dir',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
  };
  return [
    outDirOf,
    ...VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      // The page registers the worker from its own bundle (src/notebook/offline/): no inline script under the CSP.
      injectRegister: false,
      filename: SW_FILE,
      includeAssets: ['favicon.svg'],
      manifest: {
        name: 'mnist-notebook',
        short_name: 'MNIST',
        description: 'A browser notebook for exploring MNIST in WebGL-backed TensorFlow.js tensors.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#ffffff',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,webmanifest}', `${DATA_URL_PATH}*.{json,png,u8}`],
        globIgnores: ['**/.*', '**/node_modules/**'],
        maximumFileSizeToCacheInBytes: MAX_PRECACHE_FILE_BYTES,
        // index.html for a link with a query (?split=test&i=3), offline too.
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        manifestTransforms: [(entries) => ({ manifest: withDataRevisions(entries, readDataHashes(outDir)) })],
      },
      devOptions: { enabled: false },
    }),
  ];
}
