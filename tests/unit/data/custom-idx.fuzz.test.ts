/**
 * Fuzzing of the whole file-loading path (gzip detection and decompression, IDX parsing, roles, pairing):
 * random and mutated raw and gzipped IDX files. Whatever the bytes, tryLoadIdxFiles resolves with a
 * Result whose message names a file or what is missing, never throws, and never takes long.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tryLoadIdxFiles, type NamedBytes } from '../../../src/data/custom-idx';
import { idxFile, labelsIdx } from './fixtures';

/** Mutated inputs per run, past the 10,000. */
const RUNS = 10_000;
/** No single load may take longer than this (the files are tiny: real loads take well under a millisecond). */
const TIME_BOUND_MS = 1000;

const ROWS = 5;
const COLS = 6;
const N = 12;
const pixels = Uint8Array.from({ length: N * ROWS * COLS }, (_, i) => (i * 37) % 256);
const labels = Uint8Array.from({ length: N }, (_, i) => i % 10);
const RAW: NamedBytes[] = [
  { name: 'train-images-idx3-ubyte', bytes: idxFile([N, ROWS, COLS], pixels) },
  { name: 'train-labels-idx1-ubyte', bytes: labelsIdx(labels) },
  { name: 't10k-images-idx3-ubyte', bytes: idxFile([N, ROWS, COLS], pixels.slice().reverse()) },
  { name: 't10k-labels-idx1-ubyte', bytes: labelsIdx(labels.slice().reverse()) },
];
const GZ: NamedBytes[] = RAW.map((f) => ({ name: `${f.name}.gz`, bytes: new Uint8Array(gzipSync(f.bytes)) }));

type Mutation = (bytes: Uint8Array) => Uint8Array;

const u32 = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff), fc.integer({ min: 0, max: 0xffffffff }));

const mutation: fc.Arbitrary<{ what: string; apply: Mutation }> = fc.oneof(
  fc.nat().map((k) => ({ what: `truncate at ${k}`, apply: (b: Uint8Array) => b.slice(0, k % (b.length + 1)) })),
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => ({
    what: `flip ${JSON.stringify(flips)}`,
    apply: (b: Uint8Array) => {
      const out = b.slice();
      for (const [at, v] of flips) if (out.length > 0) out[at % out.length] = v;
      return out;
    },
  })),
  fc.tuple(fc.integer({ min: 0, max: 2 }), u32).map(([d, v]) => ({
    what: `dim ${d} = ${v}`,
    apply: (b: Uint8Array) => {
      const out = b.slice();
      if (out.length >= 8 + 4 * d) new DataView(out.buffer).setUint32(4 + 4 * d, v, false);
      return out;
    },
  })),
  fc.constantFrom(0x0801, 0x0803, 0x0802, 0x0903, 0x0c03, 0x08ff, 0x0800).map((m) => ({
    what: `magic 0x${m.toString(16)}`,
    apply: (b: Uint8Array) => {
      const out = b.slice();
      if (out.length >= 4) new DataView(out.buffer).setUint32(0, m, false);
      return out;
    },
  })),
  fc.uint8Array({ maxLength: 64 }).map((extra) => ({ what: `append ${extra.length} bytes`, apply: (b: Uint8Array) => Uint8Array.from([...b, ...extra]) })),
  fc.uint8Array({ maxLength: 200 }).map((garbage) => ({ what: `garbage ${garbage.length}`, apply: () => garbage })),
  fc.tuple(fc.constantFrom([0x1f, 0x8b], [0, 0, 8, 3], [0, 0, 8, 1], [0x1f, 0x8b, 8, 0]), fc.uint8Array({ maxLength: 120 })).map(([head, rest]) => ({
    what: `plausible head ${head.join(',')} + ${rest.length}`,
    apply: () => Uint8Array.from([...head, ...rest]),
  })),
);

/** A mutated file: one of the good files, raw or gzipped, mutated before or after compression. */
const mutatedFile = fc.record({
  slot: fc.integer({ min: 0, max: 3 }),
  stage: fc.constantFrom('raw', 'before-gzip', 'after-gzip'),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
});

/** Which files the learner gives: the four (one mutated), sometimes one dropped, duplicated or renamed. */
const fileSet = fc.record({
  mutated: mutatedFile,
  others: fc.constantFrom('raw', 'gz'),
  shuffle: fc.constantFrom('keep', 'drop', 'duplicate', 'rename', 'reverse'),
});

function build(set: { mutated: { slot: number; stage: string; mutations: { apply: Mutation }[] }; others: string; shuffle: string }): NamedBytes[] {
  const { slot, stage, mutations } = set.mutated;
  const base = stage === 'after-gzip' ? GZ[slot] : RAW[slot];
  let bytes = base.bytes;
  for (const m of mutations) bytes = m.apply(bytes);
  if (stage === 'before-gzip') bytes = new Uint8Array(gzipSync(bytes));
  const mutated = { name: stage === 'raw' ? RAW[slot].name : GZ[slot].name, bytes };
  const files = (set.others === 'gz' ? GZ : RAW).map((f, i) => (i === slot ? mutated : f));
  switch (set.shuffle) {
    case 'drop':
      return files.filter((_, i) => i !== (slot + 1) % 4);
    case 'duplicate':
      return [...files, mutated];
    case 'rename':
      return files.map((f, i) => (i === slot ? { ...f, name: 'data.idx' } : f));
    case 'reverse':
      return files.reverse();
    default:
      return files;
  }
}

describe('fuzzing the IDX file loader', () => {
  it(`resolves ${RUNS} random and mutated file sets with a Result naming a file, never throwing or hanging`, async () => {
    const started = performance.now();
    let refused = 0;
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(fileSet, async (set) => {
        const files = build(set);
        const t0 = performance.now();
        const r = await tryLoadIdxFiles(files);
        const ms = performance.now() - t0;
        slowest = Math.max(slowest, ms);
        expect(ms).toBeLessThan(TIME_BOUND_MS);
        if (r.ok) {
          // Accepted: only when the mutation left a consistent dataset.
          expect(r.value.splits.train.images.count).toBe(r.value.splits.train.labels.count);
          expect(r.value.splits.test.images.count).toBe(r.value.splits.test.labels.count);
          for (const l of r.value.splits.train.labels.labels) expect(l).toBeLessThan(10);
          return;
        }
        refused++;
        expect(typeof r.error).toBe('string');
        const namesAFile = files.some((f) => r.error.includes(f.name)) || /^Missing /.test(r.error);
        expect(namesAFile, r.error).toBe(true);
      }),
      { numRuns: RUNS },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`IDX fuzz: ${RUNS} file sets in ${seconds.toFixed(2)} s (${refused} refused, slowest ${slowest.toFixed(1)} ms)`);
    expect(refused).toBeGreaterThan(RUNS / 2);
  });
});
