import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_STAMP_FILE, listInputs, readBuildState, staleReason, tryParseBuildStamp, type BuildState } from '../../../scripts/build-stamp';

const BUILT_AT = 1_000_000;
const SHA = 'a'.repeat(64);

/** An up-to-date build: every input older than the build's start, the same dataset. */
const fresh = (over: Partial<BuildState> = {}): BuildState => ({
  stamp: { startedAtMs: BUILT_AT },
  inputs: [
    { path: 'src', mtimeMs: BUILT_AT - 5_000 },
    { path: 'src/main.tsx', mtimeMs: BUILT_AT - 10_000 },
    { path: 'index.html', mtimeMs: BUILT_AT - 1 },
  ],
  manifestSha256: SHA,
  builtManifestSha256: SHA,
  ...over,
});

describe('staleReason', () => {
  it.each<[string, Partial<BuildState>, string | null]>([
    ['every input older than the build, same dataset', {}, null],
    ['an input modified exactly when the build started (not after)', { inputs: [{ path: 'src/a.ts', mtimeMs: BUILT_AT }] }, null],
    ['no inputs at all', { inputs: [] }, null],
    ['no build (no stamp or no index.html)', { stamp: null }, 'there is no production build yet'],
    ['one file edited after the build began', { inputs: [...fresh().inputs, { path: 'src/App.tsx', mtimeMs: BUILT_AT + 1 }] }, 'src/App.tsx changed since the last build'],
    [
      'several changed: the newest is named',
      {
        inputs: [
          { path: 'index.html', mtimeMs: BUILT_AT + 10 },
          { path: 'package-lock.json', mtimeMs: BUILT_AT + 500 },
          { path: 'public/favicon.svg', mtimeMs: BUILT_AT + 20 },
        ],
      },
      'package-lock.json and 2 more changed since the last build',
    ],
    ['a folder whose entry was deleted (its own mtime moves)', { inputs: [{ path: 'src/notebook', mtimeMs: BUILT_AT + 3 }] }, 'src/notebook changed since the last build'],
    ['the dataset regenerated', { manifestSha256: 'b'.repeat(64) }, 'the dataset in public/data differs from the one in the build'],
    ['the build has no dataset copy', { builtManifestSha256: null }, 'the dataset in public/data differs from the one in the build'],
    ['no dataset on either side', { manifestSha256: null, builtManifestSha256: null }, null],
  ])('%s', (_name, over, expected) => {
    expect(staleReason(fresh(over))).toBe(expected);
  });

  it('reports a missing build before changed inputs, and changed inputs before the dataset', () => {
    const everything = { inputs: [{ path: 'src/x.ts', mtimeMs: BUILT_AT + 1 }], manifestSha256: 'c'.repeat(64) };
    expect(staleReason(fresh({ ...everything, stamp: null }))).toBe('there is no production build yet');
    expect(staleReason(fresh(everything))).toBe('src/x.ts changed since the last build');
  });
});

describe('tryParseBuildStamp', () => {
  it.each([
    ['{"startedAtMs": 123}', { startedAtMs: 123 }],
    ['{"startedAtMs": 123, "extra": true}', { startedAtMs: 123 }],
    ['', null],
    ['{', null],
    ['null', null],
    ['{"startedAtMs": "123"}', null],
    ['{"startedAtMs": null}', null],
    ['[]', null],
  ])('%j', (text, expected) => {
    expect(tryParseBuildStamp(text)).toEqual(expected);
  });
});

describe('listInputs and readBuildState on a folder', () => {
  let root: string;
  const at = (path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'build-stamp-test-'));
    mkdirSync(join(root, 'src', 'lib'), { recursive: true });
    // public/data as a worktree has it: a symlink to the generated files elsewhere.
    mkdirSync(join(root, 'generated', 'mnist'), { recursive: true });
    mkdirSync(join(root, 'public'));
    symlinkSync(join(root, 'generated'), join(root, 'public', 'data'));
    mkdirSync(join(root, 'elsewhere'));
    writeFileSync(join(root, 'src', 'main.tsx'), 'x');
    writeFileSync(join(root, 'src', 'lib', 'a.ts'), 'x');
    writeFileSync(join(root, 'index.html'), '<html>');
    writeFileSync(join(root, 'public', 'favicon.svg'), '<svg/>');
    writeFileSync(join(root, 'public', 'data', 'mnist', 'manifest.json'), '{"v":1}');
    writeFileSync(join(root, 'elsewhere', 'notes.md'), 'not an input');
    writeFileSync(join(root, 'package-lock.json'), '{}');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists every input file and folder, relative, without public/data or anything outside the inputs', () => {
    const paths = listInputs(root).map((input) => input.path).sort();
    expect(paths).toEqual(['index.html', 'package-lock.json', 'public', 'public/favicon.svg', 'src', 'src/lib', 'src/lib/a.ts', 'src/main.tsx']);
  });

  it('a build is stale until it has a stamp and index.html, fresh after, stale again when an input is touched or the data changes', () => {
    const dist = join(root, 'dist');
    for (const path of ['src', 'src/lib', 'src/lib/a.ts', 'src/main.tsx', 'index.html', 'public', 'public/favicon.svg', 'package-lock.json']) at(path, 1_000);
    expect(staleReason(readBuildState(root, dist))).toBe('there is no production build yet');

    mkdirSync(join(dist, 'data', 'mnist'), { recursive: true });
    writeFileSync(join(dist, BUILD_STAMP_FILE), JSON.stringify({ startedAtMs: 2_000_000 }));
    expect(staleReason(readBuildState(root, dist)), 'a stamp without index.html').toBe('there is no production build yet');
    writeFileSync(join(dist, 'index.html'), '<html>');
    expect(staleReason(readBuildState(root, dist)), 'no dataset copied').toBe('the dataset in public/data differs from the one in the build');
    writeFileSync(join(dist, 'data', 'mnist', 'manifest.json'), '{"v":1}');
    expect(staleReason(readBuildState(root, dist))).toBeNull();

    at('src/lib/a.ts', 2_001);
    expect(staleReason(readBuildState(root, dist))).toBe('src/lib/a.ts changed since the last build');
    at('src/lib/a.ts', 1_000);
    writeFileSync(join(root, 'public', 'data', 'mnist', 'manifest.json'), '{"v":2}');
    expect(staleReason(readBuildState(root, dist)), 'the data regenerated, old mtime or not').toBe('the dataset in public/data differs from the one in the build');
  });
});
