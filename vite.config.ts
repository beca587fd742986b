import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { buildStamp } from './scripts/build-stamp.ts';
import { contentSecurityPolicy, CSP_HEADER, longWithoutWasm } from './scripts/csp.ts';
import { firstScreen } from './scripts/first-screen.ts';
import { offlineApp } from './scripts/pwa.ts';

/**
 * TensorFlow.js lives in the chunk of src/data/dataset.ts, imported dynamically so the page can
 * render first. A modulepreload link lets the browser fetch it while parsing the HTML instead of
 * after the entry script has run.
 */
function preloadTensorChunk(): Plugin {
  return {
    name: 'mnist-notebook:preload-tensor-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/src/data/dataset.ts'));
        if (!chunk || chunk.type !== 'chunk') return [];
        const files = [chunk.fileName, ...chunk.imports];
        return files.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: '', href: `./${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), firstScreen(), preloadTensorChunk(), contentSecurityPolicy(), longWithoutWasm(), buildStamp(), ...offlineApp()],
  // Relative asset paths: the built app works from any folder it is served from.
  base: './',
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  // The dev server sends no CSP (hot reload runs inline scripts); the production build is served with it.
  preview: { host: '127.0.0.1', port: 4173, headers: { 'Content-Security-Policy': CSP_HEADER } },
  // One KaTeX in the Markdown chunk: package.json pins katex in rehype-katex 7's range (^0.16) so npm
  // installs one copy; dedupe keeps it so if a future install nests a second (+260 kB).
  resolve: { dedupe: ['katex'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2500 },
});
