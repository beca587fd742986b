/**
 * `npm start` (prestart has run prepare-data): builds the production bundle if it is missing or stale
 * (see build-stamp.ts), then serves it with vite preview, Content-Security-Policy header included, and
 * prints the URL. `npm run dev` is the dev server with hot reload instead.
 * Usage: tsx scripts/start.ts [--port N] [--out-dir DIR]   (port 0: any free port; default 4173 or the next free one)
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { readBuildState, staleReason } from './build-stamp';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_PORT = 4173;

function log(line: string): void {
  process.stdout.write(`start: ${line}\n`);
}

/** `--name value` from the command line, or undefined. */
function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function portOption(): number {
  const text = option('port');
  if (text === undefined) return DEFAULT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${text}: expected a whole number 0..65535`);
  return port;
}

async function main(): Promise<void> {
  const port = portOption();
  const outDir = resolve(root, option('out-dir') ?? 'dist');
  const reason = staleReason(readBuildState(root, outDir));
  if (reason) {
    log(`building the production bundle… (${reason})`);
    const started = Date.now();
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else {
    log(`the production bundle in ${outDir} is up to date`);
  }
  const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { port, strictPort: false, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview started but reports no local URL');
  log(`mnist-notebook is running at ${url}`);
  log('Ctrl+C stops it; `npm run dev` serves the code with hot reload instead');
  const stop = () => {
    void server.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`start: failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
