/**
 * Fuzzing the model-file loader: 10,000 random and mutated inputs per run (a valid model.json and
 * weights.bin truncated, byte-flipped, JSON-edited, with shapes and dtypes changed, files dropped or
 * renamed) go through loadModelFiles. None may throw, hang or leave a tensor or variable behind.
 * Seeded (src/lib/random), so a failure names the seed and case that reproduce it: FUZZ_SEED=<n>
 * picks the seed, FUZZ_TRACE=<i> prints every case from number i on (to find a hang).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../../src/lib/random';
import { createModelFromSpec } from '../../../src/model/factory';
import { WEIGHTS_FILE_NAME } from '../../../src/model/model-files';
import { exportModel, loadModelFiles, type ModelFiles } from '../../../src/model/model-io';
import type { ModelSpec } from '../../../src/model/spec';

const RUNS = 10_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
/** A single load taking longer than this counts as a hang. */
const HANG_MS = 5_000;

const SMALL_DENSE: ModelSpec = { layers: [{ kind: 'dense', units: 4, activation: 'relu', dropout: 0.2 }, { kind: 'dense', units: 10, activation: 'softmax' }] };
const SMALL_CNN: ModelSpec = {
  layers: [
    { kind: 'conv2d', filters: 2, kernelSize: 3, activation: 'relu' },
    { kind: 'maxPool', poolSize: 4 },
    { kind: 'flatten' },
    { kind: 'dropout', rate: 0.1 },
    { kind: 'dense', units: 10, activation: 'softmax' },
  ],
};

let bases: ModelFiles[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  bases = [];
  for (const spec of [SMALL_DENSE, SMALL_CNN]) {
    const made = createModelFromSpec(spec, 1);
    if (!made.ok) throw new Error(made.error);
    const files = await exportModel(made.value, { spec, architecture: 'custom', params: made.value.countParams(), testAccuracy: 0.5, epochs: 1 });
    made.value.dispose();
    if (!files.ok) throw new Error(files.error);
    bases.push(files.value);
  }
  // A functional model too (as Keras's functional API saves).
  const input = tf.input({ shape: [28, 28, 1], name: 'image' });
  const hidden = tf.layers.dense({ units: 3, activation: 'relu', name: 'hidden' }).apply(tf.layers.flatten({ name: 'flat' }).apply(input)) as tf.SymbolicTensor;
  const functional = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 10, activation: 'softmax', name: 'probs' }).apply(hidden) as tf.SymbolicTensor });
  const files = await exportModel(functional, null);
  functional.dispose();
  if (!files.ok) throw new Error(files.error);
  bases.push(files.value);
});

type Case = { json: string; files: Map<string, Uint8Array>; kind: string };

const pick = <T,>(rng: Rng, xs: readonly T[]): T => xs[rng.nextInt(xs.length)];
/** A fresh copy of a weird value (the list's arrays and objects must not be shared between edits). */
const weird = (rng: Rng): unknown => structuredClone(pick(rng, WEIRD_VALUES));

const WEIRD_VALUES: unknown[] = [null, true, false, 0, -1, 1, 3, 10, 784, 1e9, -1e9, 1.5, NaN, 'relu', 'softmax', '', 'x'.repeat(50), [], [null], [null, 784], [28, 28, 1], [2, 2], {}, { a: 1 }, 'float32', 'int32', 'uint8', 'Dense', 'SeededDropout'];

/** Every [container, key] in a parsed JSON value, depth first. */
function slots(value: unknown, out: [Record<string, unknown> | unknown[], string | number][] = [], depth = 0): [Record<string, unknown> | unknown[], string | number][] {
  if (depth > 12 || value === null || typeof value !== 'object') return out;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value as Record<string, unknown>);
  for (const [k, v] of entries) {
    out.push([value as Record<string, unknown>, k]);
    slots(v, out, depth + 1);
  }
  return out;
}

function mutateJson(rng: Rng, json: string): string {
  const parsed = JSON.parse(json) as unknown;
  const edits = 1 + rng.nextInt(3);
  for (let e = 0; e < edits; e++) {
    const all = slots(parsed);
    const [container, key] = pick(rng, all);
    const current = (container as Record<string | number, unknown>)[key];
    const r = rng.nextInt(6);
    if (r === 0) {
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete (container as Record<string, unknown>)[key as string];
    } else if (r === 1 && typeof current === 'number') {
      (container as Record<string | number, unknown>)[key] = pick(rng, [current + 1, current - 1, current * 2, 0, -current, Math.floor(current / 2)]);
    } else if (r === 2 && Array.isArray(current)) {
      if (current.length > 0 && rng.nextFloat() < 0.5) current.pop();
      else current.push(weird(rng));
    } else {
      (container as Record<string | number, unknown>)[key] = weird(rng);
    }
  }
  return JSON.stringify(parsed);
}

/** A shape change in the manifest, optionally with the weights resized to match it. */
function mutateShape(rng: Rng, base: ModelFiles): Case {
  const parsed = JSON.parse(base.modelJson);
  const weights = parsed.weightsManifest[0].weights as { shape: number[] }[];
  const w = pick(rng, weights);
  const axis = rng.nextInt(Math.max(1, w.shape.length));
  const before = w.shape.reduce((a, b) => a * b, 1);
  w.shape[axis] = Math.max(0, (w.shape[axis] ?? 1) + pick(rng, [-1, 1, 2, -2]));
  if (rng.nextFloat() < 0.2) w.shape.reverse();
  const delta = (w.shape.reduce((a, b) => a * b, 1) - before) * 4;
  const bytes = new Uint8Array(base.weights);
  const resized = rng.nextFloat() < 0.5 ? bytes : delta >= 0 ? concat(bytes, new Uint8Array(delta)) : bytes.slice(0, bytes.length + delta);
  return { json: JSON.stringify(parsed), files: new Map([[WEIGHTS_FILE_NAME, resized]]), kind: 'shape' };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function randomText(rng: Rng, length: number): string {
  const alphabet = '{}[]":,0123456789abcdefnulltrue .-e\\';
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[rng.nextInt(alphabet.length)];
  return s;
}

function makeCase(rng: Rng): Case {
  const base = pick(rng, bases);
  const bytes = new Uint8Array(base.weights);
  const good = () => new Map([[WEIGHTS_FILE_NAME, bytes]]);
  switch (rng.nextInt(10)) {
    case 0:
      return { json: base.modelJson.slice(0, rng.nextInt(base.modelJson.length)), files: good(), kind: 'truncated json' };
    case 1: {
      const chars = base.modelJson.split('');
      const flips = 1 + rng.nextInt(4);
      for (let i = 0; i < flips; i++) chars[rng.nextInt(chars.length)] = String.fromCharCode(32 + rng.nextInt(95));
      return { json: chars.join(''), files: good(), kind: 'flipped json' };
    }
    case 2:
    case 3:
    case 4:
      return { json: mutateJson(rng, base.modelJson), files: good(), kind: 'json edit' };
    case 5:
      return mutateShape(rng, base);
    case 6:
      return { json: base.modelJson, files: new Map([[WEIGHTS_FILE_NAME, bytes.slice(0, rng.nextInt(bytes.length))]]), kind: 'truncated weights' };
    case 7: {
      // Flipped weight bytes keep the length, so these build a model: a few percent only, to stay fast.
      if (rng.nextFloat() < 0.15) {
        const flipped = bytes.slice();
        for (let i = 0; i < 8; i++) flipped[rng.nextInt(flipped.length)] = rng.nextInt(256);
        return { json: base.modelJson, files: new Map([[WEIGHTS_FILE_NAME, flipped]]), kind: 'flipped weights' };
      }
      return { json: base.modelJson, files: new Map([[pick(rng, ['model.weights.bin', 'weights.BIN', 'group1-shard1of1.bin']), bytes]]), kind: 'renamed weights' };
    }
    case 8:
      return { json: randomText(rng, rng.nextInt(200)), files: rng.nextFloat() < 0.5 ? good() : new Map(), kind: 'random text' };
    default: {
      // The weights file given as the model.json, and the other way round.
      const asText = new TextDecoder('utf-8', { fatal: false }).decode(bytes.slice(0, 2000));
      return rng.nextFloat() < 0.5 ? { json: asText, files: good(), kind: 'swapped' } : { json: base.modelJson, files: new Map([[WEIGHTS_FILE_NAME, new TextEncoder().encode(base.modelJson)]]), kind: 'swapped' };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`hang: ${what} took over ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('model-file loader fuzzing', () => {
  it(`runs ${RUNS.toLocaleString('en-US')} random and mutated inputs with no exception, no hang and no tensor or variable leak`, async () => {
    const rng = createRng(SEED);
    const tensorsBefore = tf.memory().numTensors;
    const variablesBefore = Object.keys(tf.engine().registeredVariables).length;
    const started = performance.now();
    const outcomes = new Map<string, number>();
    let loaded = 0;
    for (let i = 0; i < RUNS; i++) {
      const c = makeCase(rng);
      if (process.env.FUZZ_TRACE && i >= Number(process.env.FUZZ_TRACE)) process.stderr.write(`${i} ${c.kind} ${c.json}\n`);
      let result: Awaited<ReturnType<typeof loadModelFiles>>;
      try {
        result = await withTimeout(loadModelFiles(c.json, c.files), HANG_MS, `case ${i} (${c.kind})`);
      } catch (e) {
        throw new Error(`seed ${SEED}, case ${i} (${c.kind}): ${e instanceof Error ? e.message : String(e)}`);
      }
      if (result.ok) {
        loaded++;
        // A loaded model must really be usable: one forward pass, then freed.
        tf.tidy(() => {
          const inner = result.value.model.inputs[0].shape.slice(1) as number[];
          const out = result.value.model.predict(tf.zeros([1, ...inner])) as tf.Tensor;
          expect(out.shape).toEqual([1, 10]);
        });
        result.value.model.dispose();
      } else {
        expect(typeof result.error, `case ${i}: a message`).toBe('string');
        expect(result.error.length).toBeGreaterThan(10);
        const key = `${c.kind}: ${result.error.replace(/[0-9,]+/g, 'N').replace(/'[^']*'/g, "'…'").slice(0, 70)}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }
      // Cheap enough to check after every case, so a leak names its case.
      if (tf.memory().numTensors !== tensorsBefore) throw new Error(`seed ${SEED}, case ${i} (${c.kind}) left ${tf.memory().numTensors - tensorsBefore} tensors: ${result.ok ? 'loaded' : result.error}`);
      if (i % 500 === 499) {
        expect(Object.keys(tf.engine().registeredVariables).length, `variables after case ${i}`).toBe(variablesBefore);
      }
    }
    const ms = performance.now() - started;
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(Object.keys(tf.engine().registeredVariables).length).toBe(variablesBefore);
    console.log(`model-file fuzz: ${RUNS} inputs in ${(ms / 1000).toFixed(1)} s (seed ${SEED}); ${loaded} loaded, ${RUNS - loaded} refused with ${outcomes.size} distinct messages`);
    expect(loaded, 'some mutations keep the files valid (and must load)').toBeGreaterThan(0);
  }, 120_000);
});
