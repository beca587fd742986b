import { err, ok, type Result } from '../lib/result';
import { IMAGE_SIZE, MANIFEST_VERSION, NUM_CLASSES, SPLITS, type Manifest, type SplitManifest } from './format';

/** Validates the structure of a parsed manifest.json so the loader can trust its numbers. */
export function tryParseManifest(json: unknown, name = 'manifest.json'): Result<Manifest> {
  if (typeof json !== 'object' || json === null) return err(`${name}: expected a JSON object`);
  const m = json as Partial<Manifest>;
  if (m.version !== MANIFEST_VERSION) return err(`${name}: expected format version ${MANIFEST_VERSION}, found ${String(m.version)}`);
  if (typeof m.source !== 'object' || m.source === null) return err(`${name}: missing "source"`);
  if (typeof m.splits !== 'object' || m.splits === null) return err(`${name}: missing "splits"`);
  for (const split of SPLITS) {
    const checked = checkSplit(m.splits[split], `${name}: splits.${split}`);
    if (!checked.ok) return checked;
  }
  return ok(m as Manifest);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function isSha256(v: unknown): v is string {
  return typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
}

function checkSplit(s: SplitManifest | undefined, where: string): Result<true> {
  if (!s || typeof s !== 'object') return err(`${where} is missing`);
  if (!isCount(s.count) || s.count === 0) return err(`${where}.count must be a positive integer`);
  if (s.imageSize !== IMAGE_SIZE) return err(`${where}.imageSize: expected ${IMAGE_SIZE}, found ${String(s.imageSize)}`);
  if (!Array.isArray(s.sheets) || s.sheets.length === 0) return err(`${where}.sheets must list at least one sheet`);
  let next = 0;
  for (const [i, sh] of s.sheets.entries()) {
    if (typeof sh !== 'object' || sh === null) return err(`${where}.sheets[${i}] is malformed`);
    const fields = [sh.first, sh.count, sh.columns, sh.rows, sh.width, sh.height, sh.bytes];
    if (!fields.every(isCount) || typeof sh.file !== 'string' || !isSha256(sh.sha256)) return err(`${where}.sheets[${i}] is malformed`);
    if (sh.first !== next) return err(`${where}.sheets[${i}] starts at image ${sh.first}, expected ${next}`);
    if (sh.width !== sh.columns * IMAGE_SIZE || sh.height !== sh.rows * IMAGE_SIZE || sh.count > sh.columns * sh.rows) {
      return err(`${where}.sheets[${i}]: ${sh.count} tiles do not fit a ${sh.width}x${sh.height} sheet of ${sh.columns} columns`);
    }
    next += sh.count;
  }
  if (next !== s.count) return err(`${where}: sheets hold ${next} images, expected ${s.count}`);
  if (!s.labels || typeof s.labels.file !== 'string' || s.labels.bytes !== s.count || !isSha256(s.labels.sha256)) return err(`${where}.labels must describe ${s.count} one-byte labels with a SHA-256`);
  if (typeof s.pixelSums !== 'string') return err(`${where}.pixelSums is missing`);
  if (!Array.isArray(s.classCounts) || s.classCounts.length !== NUM_CLASSES || !s.classCounts.every(isCount) || s.classCounts.reduce((a, b) => a + b, 0) !== s.count) {
    return err(`${where}.classCounts must have ${NUM_CLASSES} counts adding up to ${s.count}`);
  }
  return ok(true);
}
