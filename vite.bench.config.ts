/**
 * Build of the training benchmark pages (bench/*.html) for scripts/bench-training.ts; not part of the
 * app's build. Root is bench/, so the pages sit at the top of dist-bench/ next to data/mnist/ (from
 * public/), where their relative URLs expect it.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: at('./bench'),
  base: './',
  publicDir: at('./public'),
  preview: { host: '127.0.0.1', port: 4174 },
  build: {
    target: 'es2022',
    minify: process.env.BENCH_NO_MINIFY !== '1',
    outDir: at('./dist-bench'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    rolldownOptions: { input: { training: at('./bench/training.html'), reference: at('./bench/reference.html'), 'classic-load': at('./bench/classic-load.html') } },
  },
});
