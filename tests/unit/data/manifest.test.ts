import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tryParseManifest } from '../../../src/data/manifest';
import { prepareData } from '../../../scripts/prepare-data';
import { makeMnistFixture, writeMnistSource } from './fixtures';

/** A JSON object whose fields we poke at, the way a hand-edited or truncated manifest would look. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let dir: string;
let valid: Json;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'manifest-test-'));
  writeMnistSource(join(dir, 'src'), makeMnistFixture(1100, 40, 3));
  const prepared = prepareData({ sourceDir: join(dir, 'src'), outDir: join(dir, 'out') });
  if (!prepared.ok) throw new Error(prepared.error);
  valid = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')) as Json;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A deep copy of the valid manifest with `edit` applied. */
function edited(edit: (m: Json) => void): Json {
  const m = structuredClone(valid);
  edit(m);
  return m;
}

describe('tryParseManifest', () => {
  it('accepts the manifest written by prepareData and returns it unchanged', () => {
    const parsed = tryParseManifest(valid);
    expect(parsed.ok, parsed.ok ? '' : parsed.error).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toEqual(valid);
    expect(parsed.value.splits.train.count).toBe(1100);
    expect(parsed.value.splits.train.sheets).toHaveLength(2);
    expect(parsed.value.splits.test.count).toBe(40);
  });

  const cases: { name: string; json: () => unknown; says: string }[] = [
    { name: 'null', json: () => null, says: 'manifest.json: expected a JSON object' },
    { name: 'a string', json: () => 'manifest', says: 'expected a JSON object' },
    { name: 'a wrong version', json: () => edited((m) => (m.version = 2)), says: 'manifest.json: expected format version 1, found 2' },
    { name: 'no version', json: () => edited((m) => delete m.version), says: 'expected format version 1, found undefined' },
    { name: 'no source', json: () => edited((m) => delete m.source), says: 'manifest.json: missing "source"' },
    { name: 'no splits', json: () => edited((m) => delete m.splits), says: 'manifest.json: missing "splits"' },
    { name: 'a missing split', json: () => edited((m) => delete m.splits.test), says: 'manifest.json: splits.test is missing' },
    { name: 'a split that is a string', json: () => edited((m) => (m.splits.train = 'train')), says: 'splits.train is missing' },
    { name: 'a zero count', json: () => edited((m) => (m.splits.train.count = 0)), says: 'splits.train.count must be a positive integer' },
    { name: 'a fractional count', json: () => edited((m) => (m.splits.test.count = 39.5)), says: 'splits.test.count must be a positive integer' },
    { name: 'a count in a string', json: () => edited((m) => (m.splits.test.count = '40')), says: 'splits.test.count must be a positive integer' },
    { name: 'another image size', json: () => edited((m) => (m.splits.train.imageSize = 32)), says: 'splits.train.imageSize: expected 28, found 32' },
    { name: 'no sheets', json: () => edited((m) => (m.splits.train.sheets = [])), says: 'splits.train.sheets must list at least one sheet' },
    { name: 'a null sheet', json: () => edited((m) => (m.splits.train.sheets[1] = null)), says: 'splits.train.sheets[1] is malformed' },
    { name: 'a sheet without a file name', json: () => edited((m) => delete m.splits.train.sheets[0].file), says: 'splits.train.sheets[0] is malformed' },
    { name: 'a negative sheet count', json: () => edited((m) => (m.splits.test.sheets[0].count = -1)), says: 'splits.test.sheets[0] is malformed' },
    {
      name: 'sheets not contiguous (gap)',
      json: () => edited((m) => (m.splits.train.sheets[1].first = 101)),
      says: 'splits.train.sheets[1] starts at image 101, expected 100',
    },
    {
      name: 'sheets out of order',
      json: () => edited((m) => m.splits.train.sheets.reverse()),
      says: 'splits.train.sheets[0] starts at image 100, expected 0',
    },
    {
      name: 'more tiles than the sheet has room for',
      json: () => edited((m) => (m.splits.train.sheets[0].count = 101)),
      says: 'splits.train.sheets[0]: 101 tiles do not fit a 2800x28 sheet of 100 columns',
    },
    {
      name: 'a width that is not columns * 28',
      json: () => edited((m) => (m.splits.test.sheets[0].width = 1121)),
      says: 'splits.test.sheets[0]: 40 tiles do not fit a 1121x28 sheet of 40 columns',
    },
    {
      name: 'a height that is not rows * 28',
      json: () => edited((m) => (m.splits.train.sheets[1].height = 100)),
      says: 'splits.train.sheets[1]: 1000 tiles do not fit a 2800x100 sheet of 100 columns',
    },
    { name: 'sheets holding fewer images than the count', json: () => edited((m) => (m.splits.train.count = 1101)), says: 'splits.train: sheets hold 1100 images, expected 1101' },
    { name: 'label bytes != count', json: () => edited((m) => (m.splits.test.labels.bytes = 41)), says: 'splits.test.labels must describe 40 one-byte labels' },
    { name: 'no labels', json: () => edited((m) => delete m.splits.train.labels), says: 'splits.train.labels must describe 1100 one-byte labels' },
    { name: 'no pixel sums', json: () => edited((m) => delete m.splits.test.pixelSums), says: 'splits.test.pixelSums is missing' },
    { name: '9 class counts', json: () => edited((m) => m.splits.train.classCounts.pop()), says: 'splits.train.classCounts must have 10 counts' },
    { name: 'class counts not an array', json: () => edited((m) => (m.splits.test.classCounts = { 0: 40 })), says: 'splits.test.classCounts must have 10 counts' },
  ];

  it.each(cases)('rejects $name, naming the field', ({ json, says }) => {
    const parsed = tryParseManifest(json());
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain(says);
  });

  it('uses the given file name in its messages', () => {
    const parsed = tryParseManifest(edited((m) => (m.version = 0)), 'data/mnist/manifest.json');
    expect(!parsed.ok && parsed.error).toContain('data/mnist/manifest.json: expected format version 1, found 0');
  });
});
