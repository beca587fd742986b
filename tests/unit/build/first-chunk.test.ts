/**
 * What the page evaluates before its first paint: every module src/main.tsx reaches through static
 * value imports. TensorFlow.js (1 MB) must not be among them: it is imported dynamically once the
 * notebook has painted. One value import of a class from a module that imports tfjs put all of it in
 * front of the first paint (first digit 1.05 s here instead of ~0.4 s).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');

/** Static import / re-export specifiers of a module whose bindings are values (type-only ones left out). */
export function valueImports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found: string[] = [];
  const statement = /(?:^|;|\n)\s*(import|export)\s+([^'";]*?)\s*from\s*['"]([^'"]+)['"]|(?:^|;|\n)\s*import\s*['"]([^'"]+)['"]/g;
  for (const m of code.matchAll(statement)) {
    if (m[4]) {
      found.push(m[4]);
      continue;
    }
    const clause = m[2].trim();
    if (/^type\b/.test(clause)) continue;
    const braces = clause.match(/\{([^}]*)\}/);
    const outside = clause.replace(/\{[^}]*\}/, '').replace(/,/g, '').trim();
    if (braces && outside === '') {
      const names = braces[1].split(',').map((n) => n.trim()).filter(Boolean);
      if (names.length > 0 && names.every((n) => n.startsWith('type '))) continue;
    }
    found.push(m[3]);
  }
  return found;
}

function resolveLocal(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (/\.(ts|tsx)$/.test(candidate) && existsSync(candidate)) return candidate;
  }
  return null;
}

/** Every module reached from `entry` by static value imports, with the chain that reached each bare package. */
function staticGraph(entry: string): { modules: Set<string>; packages: Map<string, string[]> } {
  const modules = new Set<string>();
  const packages = new Map<string, string[]>();
  const visit = (file: string, chain: string[]) => {
    if (modules.has(file)) return;
    modules.add(file);
    const here = [...chain, relative(root, file)];
    for (const spec of valueImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const target = resolveLocal(file, spec);
        if (target) visit(target, here);
      } else if (!packages.has(spec)) packages.set(spec, here);
    }
  };
  visit(entry, []);
  return { modules, packages };
}

describe("the first paint's modules", () => {
  it('reads value imports and leaves type-only ones out', () => {
    const src = [
      "import * as tf from '@tensorflow/tfjs';",
      "import type * as T from 'a';",
      "import { type X, type Y } from 'b';",
      "import { type X, y } from 'c';",
      "import React, { useState } from 'react';",
      "export { thing } from './thing';",
      "export type { Shape } from './shape';",
      "import './styles.css';",
      "// import { no } from 'commented';",
      "const later = () => import('dynamic');",
      'import {\n  multi,\n  line,\n} from "./multi";',
    ].join('\n');
    expect(valueImports(src)).toEqual(['@tensorflow/tfjs', 'c', 'react', './thing', './styles.css', './multi']);
  });

  it('reach the notebook but not TensorFlow.js', () => {
    const { modules, packages } = staticGraph(join(root, 'src/main.tsx'));
    expect(modules.has(join(root, 'src/notebook/Notebook.tsx'))).toBe(true);
    expect(packages.has('react')).toBe(true);
    const tf = [...packages].filter(([name]) => name.startsWith('@tensorflow/'));
    expect(tf.map(([name, chain]) => `${name} via ${chain.join(' -> ')}`)).toEqual([]);
  });
});
