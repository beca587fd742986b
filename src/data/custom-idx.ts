/**
 * A learner's own IDX files (raw or gzipped) turned into a checked dataset description: which file is
 * which, both splits present, images and labels paired, labels 0..9. Pure: no tensors, no DOM.
 */
import { err, ok, type Result } from '../lib/result';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, NUM_CLASSES, SPLITS, type SplitName } from './format';
import { isGzip, tryGunzip } from './gunzip';
import { declaredIdxBytes, MAX_IDX_BODY_BYTES, readMagic, tryParseIdx, tryParseIdxImages, tryParseIdxLabels, tryPairIdx, type IdxImages, type IdxLabels } from './idx';
import { errorMessage } from '../lib/format';

/** A file as the learner gave it. */
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

/** Image sides accepted, in pixels (each of rows and cols). */
export const MIN_IMAGE_SIDE = 4;
export const MAX_IMAGE_SIDE = 256;
/** Pixels over both splits at most: they become int32 tensors (4 bytes each), 1 GiB here. */
export const MAX_DATASET_PIXELS = 256 * 1024 * 1024;
/** Files accepted at once (two per split, and room for a stray one to be named). */
export const MAX_FILES = 8;

/** One split of a checked custom dataset. */
export interface CustomSplit {
  images: IdxImages;
  labels: IdxLabels;
  files: { images: string; labels: string };
}

/** A checked custom dataset: both splits, one image size. */
export interface CustomIdxData {
  /** A short name for the badge, from the file names (e.g. "emnist-digits"), or "your IDX files". */
  name: string;
  rows: number;
  cols: number;
  splits: Record<SplitName, CustomSplit>;
}

type Role = 'images' | 'labels';

const EXAMPLE_NAMES: Record<SplitName, Record<Role, string>> = {
  train: { images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz' },
  test: { images: 't10k-images-idx3-ubyte.gz', labels: 't10k-labels-idx1-ubyte.gz' },
};

/** Which split a file name says it holds: train, or t10k / test; null when it says neither or both. */
export function splitFromName(name: string): SplitName | 'both' | null {
  const base = baseName(name).toLowerCase();
  const train = /train/.test(base);
  const test = /t10k|test/.test(base);
  if (train && test) return 'both';
  return train ? 'train' : test ? 'test' : null;
}

/** The file's own name, without any folder part. */
function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}

/** The bytes of an IDX file, decompressed if it is gzipped (by its magic, not its name). */
export async function tryReadIdxBytes(file: NamedBytes): Promise<Result<Uint8Array>> {
  if (file.bytes.length === 0) return err(`${file.name}: the file is empty`);
  if (!isGzip(file.bytes)) return ok(file.bytes);
  const out = await tryGunzip(file.bytes, file.name, MAX_IDX_BODY_BYTES + 4 + 4 * 255, declaredIdxBytes);
  if (out.ok && out.value.length === 0) return err(`${file.name}: the gzip data decompresses to nothing`);
  return out;
}

type Parsed = { role: 'images'; name: string; split: SplitName; value: IdxImages } | { role: 'labels'; name: string; split: SplitName; value: IdxLabels };

/** Parses one file as images or labels, by its magic number. */
async function tryParseFile(file: NamedBytes): Promise<Result<Parsed>> {
  const split = splitFromName(file.name);
  if (split === null || split === 'both') {
    const why = split === null ? 'says neither' : 'says both';
    return err(`${file.name}: cannot tell which split this is: the name ${why} "train" or "t10k"/"test" (e.g. ${EXAMPLE_NAMES.train.images}, ${EXAMPLE_NAMES.test.images})`);
  }
  const read = await tryReadIdxBytes(file);
  if (!read.ok) return read;
  const bytes = read.value;
  const magic = readMagic(bytes) ?? -1;
  const named = /label/i.test(baseName(file.name)) ? 'labels' : /image/i.test(baseName(file.name)) ? 'images' : null;
  const holds = magic === IDX_IMAGES_MAGIC ? 'images' : magic === IDX_LABELS_MAGIC ? 'labels' : null;
  if (named && holds && named !== holds) return err(`${file.name}: its name says ${named} but it is an IDX ${holds} file (magic ${magic}); was it renamed or mixed up?`);
  if (magic === IDX_IMAGES_MAGIC) {
    const images = tryParseIdxImages(bytes, file.name);
    if (!images.ok) return images;
    const { rows, cols } = images.value;
    if (rows < MIN_IMAGE_SIDE || rows > MAX_IMAGE_SIDE || cols < MIN_IMAGE_SIDE || cols > MAX_IMAGE_SIDE) {
      return err(`${file.name}: images of ${rows}x${cols} pixels are not supported (each side must be ${MIN_IMAGE_SIDE}..${MAX_IMAGE_SIDE} pixels)`);
    }
    return ok({ role: 'images', name: file.name, split, value: images.value });
  }
  if (magic === IDX_LABELS_MAGIC) {
    const labels = tryParseIdxLabels(bytes, file.name);
    if (!labels.ok) return labels;
    return ok({ role: 'labels', name: file.name, split, value: labels.value });
  }
  // Neither magic: let the parser say what is wrong (not IDX, wrong type, truncated...), else name both.
  const generic = tryParseIdx(bytes, file.name);
  if (!generic.ok) return generic;
  return err(`${file.name}: expected an IDX images file (magic ${IDX_IMAGES_MAGIC}, 3 dimensions) or labels file (magic ${IDX_LABELS_MAGIC}, 1 dimension), found magic ${magic} with ${generic.value.dims.length} dimensions`);
}

/** "emnist-digits" from "emnist-digits-train-images-idx3-ubyte.gz" and its siblings; null if no common stem. */
function commonStem(names: readonly string[]): string | null {
  const stems = names.map((n) => baseName(n).replace(/(train|t10k|test).*$/i, '').replace(/[-_. ]+$/, ''));
  const first = stems[0];
  return first && stems.every((s) => s === first) ? first : null;
}

/**
 * Checks the learner's files and pairs them into a dataset: one images and one labels file per split,
 * told apart by magic (images/labels) and name (train, t10k/test); gzip by its magic. Every failure
 * names the file and the problem. Never rejects.
 */
export async function tryLoadIdxFiles(files: readonly NamedBytes[]): Promise<Result<CustomIdxData>> {
  if (files.length === 0) return err('No files chosen: choose an images file and a labels file for each of train and test (4 IDX files, raw or .gz).');
  if (files.length > MAX_FILES) return err(`${files.length} files chosen: expected 4 (an images file and a labels file for each of train and test).`);
  const found: Record<SplitName, Partial<Record<Role, Parsed>>> = { train: {}, test: {} };
  for (const file of files) {
    const parsed = await tryParseFile(file);
    if (!parsed.ok) return parsed;
    const p = parsed.value;
    const already = found[p.split][p.role];
    if (already) return err(`${p.name}: a second ${p.split} ${p.role} file (${already.name} is one already); give one ${p.role} file per split`);
    found[p.split][p.role] = p;
  }
  const missing: string[] = [];
  for (const split of SPLITS) {
    for (const role of ['images', 'labels'] as const) {
      if (!found[split][role]) missing.push(`the ${split} ${role} file (e.g. ${EXAMPLE_NAMES[split][role]})`);
    }
  }
  if (missing.length > 0) return err(`Missing ${missing.join(' and ')}: both splits need an images file and a labels file.`);

  const splits = {} as Record<SplitName, CustomSplit>;
  for (const split of SPLITS) {
    const images = found[split].images as Extract<Parsed, { role: 'images' }>;
    const labels = found[split].labels as Extract<Parsed, { role: 'labels' }>;
    const names = { images: images.name, labels: labels.name };
    const paired = tryPairIdx(images.value, labels.value, names, NUM_CLASSES);
    if (!paired.ok) {
      return err(paired.error.includes('is not a class') ? `${paired.error}: the notebook's models have ${NUM_CLASSES} outputs, so only labels 0..${NUM_CLASSES - 1} can be used` : paired.error);
    }
    splits[split] = { images: images.value, labels: labels.value, files: names };
  }
  const { train, test } = splits;
  if (train.images.rows !== test.images.rows || train.images.cols !== test.images.cols) {
    return err(`${test.files.images} has ${test.images.rows}x${test.images.cols} images but ${train.files.images} has ${train.images.rows}x${train.images.cols}; both splits need the same image size`);
  }
  const pixels = (train.images.count + test.images.count) * train.images.rows * train.images.cols;
  if (pixels > MAX_DATASET_PIXELS) {
    return err(`${train.files.images} and ${test.files.images}: ${pixels} pixels in all is more than the ${MAX_DATASET_PIXELS} this notebook can hold as tensors (4 bytes each)`);
  }
  const name = commonStem(files.map((f) => f.name)) ?? 'your IDX files';
  return ok({ name, rows: train.images.rows, cols: train.images.cols, splits });
}

/** A file as the browser hands it over (File satisfies this). */
export interface FileLike {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Reads the chosen files' bytes, refusing any file over the IDX size limit before reading it. */
export async function tryReadFiles(files: readonly FileLike[]): Promise<Result<NamedBytes[]>> {
  if (files.length > MAX_FILES) return err(`${files.length} files chosen: expected 4 (an images file and a labels file for each of train and test).`);
  const out: NamedBytes[] = [];
  for (const file of files) {
    if (file.size > MAX_IDX_BODY_BYTES + 1024) return err(`${file.name}: ${file.size} bytes is larger than the ${MAX_IDX_BODY_BYTES}-byte limit`);
    try {
      out.push({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    } catch (e) {
      return err(`${file.name}: the file could not be read (${errorMessage(e)})`);
    }
  }
  return ok(out);
}

/** Fashion-MNIST's class names, for the one-click preset. */
export const FASHION_MNIST_CLASS_NAMES: readonly string[] = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** Longest label name kept. */
export const MAX_CLASS_NAME_LENGTH = 40;

/**
 * Label names typed by the learner, comma- or newline-separated: exactly one per class 0..9, or nothing
 * (null: the digits are shown).
 */
export function tryParseClassNames(text: string): Result<string[] | null> {
  const trimmed = text.trim();
  if (trimmed === '') return ok(null);
  const names = trimmed.split(/\r?\n|,/).map((n) => n.trim());
  if (names.length !== NUM_CLASSES) return err(`Label names: expected ${NUM_CLASSES} names (one per label 0..${NUM_CLASSES - 1}), comma- or newline-separated; found ${names.length}`);
  const empty = names.findIndex((n) => n === '');
  if (empty >= 0) return err(`Label names: the name of label ${empty} is empty`);
  const long = names.findIndex((n) => n.length > MAX_CLASS_NAME_LENGTH);
  if (long >= 0) return err(`Label names: the name of label ${long} is longer than ${MAX_CLASS_NAME_LENGTH} characters`);
  return ok(names);
}
