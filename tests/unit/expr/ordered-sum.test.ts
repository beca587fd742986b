/**
 * NumPy's order of float64 additions over bytes (ordered-sum.ts), checked against the plain reference that
 * host-reduce's small arrays use (pairwiseSum over gathered items, runs added in turn), on random layouts;
 * and the byte copies (host-bytes.ts) and coded reductions (float64-reduce.ts) on the cpu backend, leak-checked.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { pairwiseSum } from '../../../src/expr/exact-sum';
import { awaitBytes, bytesNow, hasHostCopy, packBytes, provideHostBytes, readyBytes, unpackBytes, whileCellRuns } from '../../../src/expr/host-bytes';
import { orderedSums, pairwiseRun, reduceLayout, runAsync, runSync } from '../../../src/expr/ordered-sum';
import { reduce } from '../../../src/expr/reductions';
import { NdArray, NpScalar } from '../../../src/expr/values';
import { Namespace, disposeOutput, evaluateCell } from '../../../src/expr/evaluate';
import { toPython } from '../../../src/expr/print';
import { createRng } from '../../../src/lib/random';
import { expectNoLeak } from '../leak';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** The reference: items of each output in C order of the reduced axes, runs of pairwiseRun summed pairwise, added in turn. */
function reference(codes: Uint8Array, shape: number[], axes: number[], table: Float64Array, means: Float64Array | null): Float64Array {
  const strides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outCount = kept.reduce((n, i) => n * shape[i], 1);
  const groupSize = axes.reduce((n, a) => n * shape[a], 1);
  const run = pairwiseRun(shape, axes);
  const out = new Float64Array(outCount);
  for (let o = 0; o < outCount; o++) {
    let base = 0;
    let rest = o;
    for (let k = kept.length - 1; k >= 0; k--) {
      base += (rest % shape[kept[k]]) * strides[kept[k]];
      rest = Math.floor(rest / shape[kept[k]]);
    }
    const items = new Float64Array(groupSize);
    for (let g = 0; g < groupSize; g++) {
      let offset = base;
      let r = g;
      for (let k = axes.length - 1; k >= 0; k--) {
        offset += (r % shape[axes[k]]) * strides[axes[k]];
        r = Math.floor(r / shape[axes[k]]);
      }
      const v = table[codes[offset]];
      items[g] = means ? (v - means[o]) * (v - means[o]) : v;
    }
    let total = 0;
    for (let s = 0; s < groupSize; s += run) total += pairwiseSum(items, s, Math.min(run, groupSize - s));
    out[o] = total;
  }
  return out;
}

describe('reduceLayout and pairwiseRun', () => {
  it('drops length-1 axes and merges neighbours of the same kind, as NumPy\'s iterator coalesces them', () => {
    expect(reduceLayout([60000, 28, 28], [0, 1, 2])).toEqual({ dims: [47040000], reduced: [true], outCount: 1 });
    expect(reduceLayout([60000, 28, 28], [1, 2])).toEqual({ dims: [60000, 784], reduced: [false, true], outCount: 60000 });
    expect(reduceLayout([60000, 1, 28, 28], [0])).toEqual({ dims: [60000, 784], reduced: [true, false], outCount: 784 });
    expect(reduceLayout([4, 5, 6], [0, 2])).toEqual({ dims: [4, 5, 6], reduced: [true, false, true], outCount: 5 });
  });

  it('sums the whole contiguous array pairwise, a trailing block of reduced axes per output, else item by item', () => {
    expect(pairwiseRun([300, 28, 28], [0, 1, 2])).toBe(235200);
    expect(pairwiseRun([300, 28, 28], [1, 2])).toBe(784);
    expect(pairwiseRun([300, 28, 28], [0, 2])).toBe(28);
    expect(pairwiseRun([300, 28, 28], [0])).toBe(1);
    expect(pairwiseRun([3, 0, 2], [0])).toBe(0);
  });
});

describe('orderedSums', () => {
  const rng = createRng(7);
  const rand = () => rng.nextFloat();
  const shapes: [number[], number[]][] = [
    [[1000], [0]],
    [[7, 300], [0, 1]],
    [[7, 300], [1]],
    [[7, 300], [0]],
    [[3, 4, 130], [0, 2]],
    [[3, 1, 4, 130], [1, 2]],
    [[2, 3, 5, 7], [0, 3]],
    [[40000], [0]],
    [[1, 1], [0, 1]],
  ];
  const table = Float64Array.from({ length: 256 }, (_, v) => v / 255 + (v % 3) * 1e-9);

  it.each(shapes)('shape %j over axes %j: the sums and squared deviations of the reference, bit for bit', (shape, axes) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const codes = Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
    const sums = runSync(orderedSums(codes, shape, axes, table));
    expect(Array.from(sums)).toEqual(Array.from(reference(codes, shape, axes, table, null)));
    const means = sums.map((s) => s / (n / sums.length));
    expect(Array.from(runSync(orderedSums(codes, shape, axes, table, means)))).toEqual(Array.from(reference(codes, shape, axes, table, means)));
  });

  it('gives the same result run asynchronously, with yields between its nodes', async () => {
    const codes = Uint8Array.from({ length: 1 << 20 }, () => Math.floor(rand() * 256));
    const sync = runSync(orderedSums(codes, [1 << 20], [0], table));
    expect(await runAsync(orderedSums(codes, [1 << 20], [0], table))).toEqual(sync);
    // A pairwise sum, not one accumulator: the two differ for these values.
    let naive = 0;
    for (const c of codes) naive += table[c];
    expect(sync[0]).not.toBe(naive);
  });
});

describe('host bytes', () => {
  it('packs three bytes per float32 and unpacks them, whatever the length modulo 3', async () => {
    await expectNoLeak(async () => {
      for (const n of [1, 2, 3, 7, 1000]) {
        const values = Array.from({ length: n }, (_, i) => (i * 37 + 11) % 256);
        const t = tf.tensor1d(values, 'int32');
        const packed = tf.tidy(() => packBytes(t));
        expect(packed.size).toBe(Math.ceil(n / 3));
        expect(Array.from(unpackBytes(await packed.data(), new Uint8Array(n)))).toEqual(values);
        expect(Array.from(bytesNow(t))).toEqual(values);
        tf.dispose([t, packed]);
      }
    });
  });

  it('copies a provided tensor in the background, shared by its reshapes; a disposed tensor ends the copy without an error', async () => {
    await expectNoLeak(async () => {
      const values = Array.from({ length: 4 * 28 * 28 }, (_, i) => (i * 7) % 256);
      const t = tf.tensor3d(values, [4, 28, 28], 'int32');
      provideHostBytes(t);
      expect(readyBytes(t)).toBeNull();
      const reshaped = tf.reshape(t, [4, 784]);
      expect(hasHostCopy(reshaped)).toBe(true);
      expect(Array.from((await awaitBytes(reshaped)) ?? [])).toEqual(values);
      expect(readyBytes(t)).not.toBeNull();
      reshaped.dispose();
      t.dispose();
      const gone = tf.tensor1d([1, 2, 3], 'int32');
      provideHostBytes(gone);
      gone.dispose();
      expect(await awaitBytes(gone)).toBeNull();
      expect(hasHostCopy(gone)).toBe(false);
    });
  }, 10_000);

  it('holds the background copy back while a cell runs', async () => {
    const t = tf.tensor1d([5, 6, 7, 8], 'int32');
    let release = () => {};
    const cell = whileCellRuns(() => new Promise<void>((resolve) => (release = resolve)));
    provideHostBytes(t);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(readyBytes(t), 'no copy while the cell runs').toBeNull();
    release();
    await cell;
    expect(Array.from((await awaitBytes(t)) ?? [])).toEqual([5, 6, 7, 8]);
    t.dispose();
  }, 10_000);

  it('goes on while a running cell waits for it (no deadlock)', async () => {
    const t = tf.tensor1d([1, 2, 3], 'int32');
    provideHostBytes(t);
    const bytes = await whileCellRuns(() => awaitBytes(t));
    expect(Array.from(bytes ?? [])).toEqual([1, 2, 3]);
    t.dispose();
  }, 10_000);
});

describe('coded float64 reductions', () => {
  const big = () => {
    const n = 300 * 28 * 28;
    return new NdArray(tf.tensor3d(Int32Array.from({ length: n }, (_, i) => ((i * 7919) % 65521) % 256), [300, 28, 28], 'int32'), 'uint8');
  };

  it('keeps a whole-array std deferred, owning its tensors, and frees them with the value', async () => {
    await expectNoLeak(async () => {
      const x = big();
      let s = new NpScalar(0, 'float64');
      tf.tidy(() => {
        s = (reduce('std', x, undefined, false) as NpScalar).withTensors((t) => tf.keep(tf.clone(t)));
      });
      expect(s).toBeInstanceOf(NpScalar);
      expect(s.tensors.length).toBeGreaterThan(0);
      const value = await s.resolve();
      expect(value).toBe(s.value);
      tf.dispose([...s.tensors]);
      x.tensor.dispose();
    });
  });

  it('an array made item by item from a uint8 array keeps its exact values through a cell, an assignment and a later cell', async () => {
    const x = big();
    const namespace = new Namespace();
    namespace.provide('gu8', x.tensor, 'uint8');
    await expectNoLeak(async () => {
      const once = evaluateCell('(gu8 / 255).std()', namespace);
      const assigned = evaluateCell('y = gu8 / 255', namespace);
      const later = evaluateCell('y.std()', namespace);
      if (!once.ok || !assigned.ok || !later.ok) throw new Error('a cell failed');
      expect(await toPython(later.value.value!)).toBe(await toPython(once.value.value!));
      // Not the float32 tensor's value: the float64 one (they differ past the 8th digit).
      const float32 = tf.tidy(() => tf.moments(tf.div(tf.cast(x.tensor, 'float32'), 255)).variance.sqrt().dataSync()[0]);
      expect(Number(await toPython(later.value.value!))).not.toBe(float32);
      for (const r of [once, assigned, later]) disposeOutput(r.value);
      namespace.reset();
    });
    namespace.dispose();
    x.tensor.dispose();
  });
});

describe('comparisons of large arrays, computed on first use', () => {
  it('count, mask, keep and assign as the computed mask does, leaving nothing behind', async () => {
    const n = 300 * 28 * 28;
    const t = tf.tensor3d(Int32Array.from({ length: n }, (_, i) => ((i * 7919) % 65521) % 256), [300, 28, 28], 'int32');
    const data = Array.from(t.dataSync());
    const want = (f: (v: number) => boolean) => data.reduce((k, v) => k + (f(v) ? 1 : 0), 0);
    const namespace = new Namespace();
    namespace.provide('gu8', t, 'uint8');
    const cell = async (source: string) => {
      const r = evaluateCell(source, namespace);
      if (!r.ok) throw new Error(`${source}: ${r.error}`);
      const text = await toPython(r.value.value!);
      disposeOutput(r.value);
      return text;
    };
    await expectNoLeak(async () => {
      expect(await cell('(gu8 > 100).sum()')).toBe(String(want((v) => v > 100)));
      expect(await cell('(100 < gu8).sum()')).toBe(String(want((v) => v > 100)));
      expect(await cell('(gu8 == 255).mean()')).toBe(String(want((v) => v === 255) / n));
      expect(await cell('np.count_nonzero(gu8)')).toBe(String(want((v) => v !== 0)));
      expect(await cell('m = gu8 >= 7\nm.sum()')).toBe(String(want((v) => v >= 7)));
      expect(await cell('m.shape')).toBe('(300, 28, 28)');
      expect(await cell('gu8[gu8 > 250].size')).toBe(String(want((v) => v > 250)));
      expect(await cell('(gu8 > 100).dtype')).toBe("dtype('bool')");
      namespace.reset();
    });
    namespace.dispose();
    t.dispose();
  });
});
