import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CSP_HEADER, CSP_META, longWithoutWasm, withCspMeta } from '../../../scripts/csp';

type Transform = (this: { error(message: string): never }, code: string, id: string) => { code: string } | null;

function runTransform(code: string, id: string): { code: string } | null {
  const transform = longWithoutWasm().transform as unknown as Transform;
  return transform.call(
    {
      error(message: string): never {
        throw new Error(message);
      },
    },
    code,
    id,
  );
}

describe('the content security policy', () => {
  it('is the policy of issue 15 as a header, and the same without frame-ancestors as a meta', () => {
    expect(CSP_HEADER).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; worker-src 'self' blob:; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(CSP_META).toBe("default-src 'self'; script-src 'self'; style-src 'self'; worker-src 'self' blob:; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'");
    expect(CSP_HEADER).not.toMatch(/unsafe-(inline|eval)|wasm-unsafe-eval/);
  });

  it('goes into index.html right after the charset, before any script or link', () => {
    const html = '<html><head>\n    <meta charset="UTF-8" />\n    <link rel="icon" href="./favicon.svg" />\n  </head></html>';
    const out = withCspMeta(html);
    expect(out).toContain(`<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP_META}" />\n    <link rel="icon"`);
    expect(out.match(/Content-Security-Policy/g)).toHaveLength(1);
  });

  it('refuses an index.html without a charset meta rather than guessing where the policy goes', () => {
    expect(() => withCspMeta('<html><head><title>x</title></head></html>')).toThrow(/no <meta charset="UTF-8">/);
  });
});

describe('longWithoutWasm', () => {
  const longPath = createRequire(import.meta.url).resolve('long/src/long.js');
  const longSource = readFileSync(longPath, 'utf8');

  it("removes the installed long.js's WebAssembly helper and keeps the rest", () => {
    expect(longSource).toContain('new WebAssembly.Module(');
    const out = runTransform(longSource, longPath);
    expect(out?.code).not.toContain('WebAssembly');
    expect(out?.code).toContain('wasm = null;');
    expect(out?.code.length).toBeLessThan(longSource.length);
    expect(out?.code.split('\n').length).toBe(longSource.split('\n').length - 2);
  });

  it('leaves other modules alone and fails the build on a long.js that compiles WebAssembly another way', () => {
    expect(runTransform('new WebAssembly.Module(bytes)', '/app/node_modules/other/index.js')).toBeNull();
    expect(runTransform('module.exports = Long;', '/app/node_modules/long/src/long.js')).toBeNull();
    expect(() => runTransform('WebAssembly.instantiate(bytes)', '/app/node_modules/long/index.js')).toThrow(/wasm-unsafe-eval/);
  });
});
