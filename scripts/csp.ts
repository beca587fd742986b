/**
 * The production build's Content-Security-Policy, one table read twice: as the header `npm start`
 * (vite preview) sends, and as the <meta http-equiv> the build writes into index.html for hosts that
 * send no header. The dev server gets neither: Vite's hot reload needs inline scripts.
 */
import type { Plugin } from 'vite';

/** Directive -> sources. `style-src 'self'` holds: React and Recharts set styles through the CSSOM, which CSP allows. */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'img-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
} as const satisfies Record<string, readonly string[]>;

export type CspDirective = keyof typeof CSP_DIRECTIVES;

/**
 * Directives a <meta> policy cannot carry: browsers ignore them there (CSP Level 3, section 6.1) and
 * Chromium logs a console error for each, so only the header sends them.
 */
export const HEADER_ONLY_DIRECTIVES: readonly CspDirective[] = ['frame-ancestors'];

function serialise(directives: readonly CspDirective[]): string {
  return directives.map((name) => `${name} ${CSP_DIRECTIVES[name].join(' ')}`).join('; ');
}

const ALL = Object.keys(CSP_DIRECTIVES) as CspDirective[];

/** The policy as the Content-Security-Policy response header: every directive. */
export const CSP_HEADER = serialise(ALL);

/** The policy as index.html's <meta http-equiv>: every directive a meta element can carry. */
export const CSP_META = serialise(ALL.filter((name) => !HEADER_ONLY_DIRECTIVES.includes(name)));

const CHARSET = /<meta charset="UTF-8"\s*\/?>/i;

/** index.html with CSP_META right after its charset, before anything the policy governs. Throws if there is no charset meta. */
export function withCspMeta(html: string): string {
  if (!CHARSET.test(html)) throw new Error('content-security-policy: index.html has no <meta charset="UTF-8"> to put the policy after');
  return html.replace(CHARSET, (charset) => `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${CSP_META.replaceAll('"', '&quot;')}" />`);
}

/** Writes CSP_META into the built index.html (not the dev server's). */
export function contentSecurityPolicy(): Plugin {
  return {
    name: 'mnist-notebook:content-security-policy',
    apply: 'build',
    transformIndexHtml: { order: 'post', handler: withCspMeta },
  };
}

/** long.js (TF.js's 64-bit integers) compiles a WebAssembly module at load, which needs 'wasm-unsafe-eval'. */
const LONG_WASM = /wasm = new WebAssembly\.Instance\(new WebAssembly\.Module\(new Uint8Array\(\[[\d,\s]+\]\)\), \{\}\)\.exports;/;

/**
 * Builds long.js without its WebAssembly helper, so the policy needs no 'wasm-unsafe-eval': long.js
 * then multiplies and divides in plain JS (its own fallback), which only TF.js's string hashing uses.
 * Fails the build if a new long.js compiles WebAssembly some other way.
 */
export function longWithoutWasm(): Plugin {
  return {
    name: 'mnist-notebook:long-without-wasm',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]long[\\/]/.test(id) || !code.includes('WebAssembly')) return null;
      if (!LONG_WASM.test(code)) this.error(`long-without-wasm: ${id} compiles WebAssembly in a way this plugin does not know; the CSP would need 'wasm-unsafe-eval'`);
      return { code: code.replace(LONG_WASM, 'wasm = null;'), map: null };
    },
  };
}
