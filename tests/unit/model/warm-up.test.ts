import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingData } from '../../../src/model/training-checks';
import { checkEachProgram, compilePieces, compilesSettled, distinctChunks, gpuCaughtUp, warmUpShaders, type WebGLBackendParts } from '../../../src/model/warm-up';
import { expectNoLeak } from '../leak';
import { TINY_DENSE, barTensors } from './fixtures';

// The webgl path (compile-only mode) needs a WebGL context, which the unit tests' cpu backend has not.
let data: TrainingData;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  const train = barTensors(8, 5);
  data = { trainImages: train.images, trainLabels: train.labels };
});

afterAll(() => {
  tf.dispose([data.trainImages, data.trainLabels]);
});

describe('warmUpShaders', () => {
  it('off webgl (no compile-only support) returns at once: no yield, no tensors left', async () => {
    let yields = 0;
    await expectNoLeak(() =>
      warmUpShaders({
        model: TINY_DENSE,
        seed: 1,
        imageShape: { rows: 28, cols: 28 },
        optimizer: 'adam',
        learningRate: 0.01,
        data,
        trainRows: Int32Array.from([0, 1, 2, 3]),
        batchSize: 3,
        heldOutRows: 0,
        evalBatchSize: 500,
        yieldBetween: async () => void yields++,
      }),
    );
    expect(yields).toBe(0);
  });
});

describe('compilePieces', () => {
  it('runs each piece in compile-only mode after a yield, goes on past one that throws, then checks the programs, leaving no tensors', async () => {
    const log: string[] = [];
    const backend: WebGLBackendParts = {
      checkCompileCompletionAsync: async () => void log.push('check'),
      getUniformLocations: () => void log.push('uniforms'),
    };
    const piece = (name: string, fail = false) => () => {
      log.push(`${name}:${tf.env().getBool('ENGINE_COMPILE_ONLY')}`);
      if (fail) throw new Error('a kernel that needs values');
      return [tf.ones([3, 3]).matMul(tf.ones([3, 2])), tf.zeros([2])];
    };
    expect(await expectNoLeak(() => compilePieces(backend, [piece('a'), piece('b', true), piece('c')], async () => void log.push('yield'))), 'not every piece compiled').toBe(false);
    expect(log).toEqual(['yield', 'a:true', 'yield', 'b:true', 'yield', 'c:true', 'check', 'uniforms']);
    expect(await expectNoLeak(() => compilePieces(backend, [piece('d'), piece('e')], async () => {})), 'every piece compiled').toBe(true);
    expect(tf.env().getBool('ENGINE_COMPILE_ONLY'), 'the flag is reset, also after a throw').toBe(false);
  });

  it('compilesSettled waits for every compile in flight (its programs have no uniform locations until the end), also one started meanwhile', async () => {
    const log: string[] = [];
    const gates: (() => void)[] = [];
    const backend = (name: string): WebGLBackendParts => ({
      checkCompileCompletionAsync: () => new Promise<void>((resolve) => gates.push(resolve)),
      getUniformLocations: () => void log.push(`${name} uniforms`),
    });
    const first = compilePieces(backend('first'), [() => tf.zeros([1])], async () => {});
    const waited = compilesSettled().then(() => log.push('settled'));
    await expect.poll(() => gates.length).toBe(1);
    const second = compilePieces(backend('second'), [() => tf.zeros([1])], async () => {});
    await expect.poll(() => gates.length).toBe(2);
    gates[0]();
    await first;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log, 'still waiting for the second').toEqual(['first uniforms']);
    gates[1]();
    await Promise.all([second, waited]);
    expect(log).toEqual(['first uniforms', 'second uniforms', 'settled']);
    await compilesSettled();
  });

  it('does nothing on a backend without compile-only support', async () => {
    let ran = 0;
    expect(await compilePieces({}, [() => (ran++, tf.zeros([1]))], async () => {}), 'nothing compiled ahead').toBe(false);
    expect(ran).toBe(0);
  });
});

/** A macrotask boundary: what a page needs between two pieces of work to paint and take input. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('checkEachProgram (no KHR_parallel_shader_compile: each program asked in a task of its own)', () => {
  const backendWith = (programs: string[], checked: string[], extension?: unknown): WebGLBackendParts => ({
    binaryCache: Object.fromEntries(programs.map((p) => [p, p])),
    checkCompletion_: (binary) => {
      checked.push(binary as string);
      if (binary === 'broken') throw new Error('Failed to compile fragment shader.');
      return true;
    },
    gpgpu: { gl: {} as WebGL2RenderingContext, parallelCompilationExtension: extension },
  });

  it('asks one program per task, every one of them, and yields to the page before each', async () => {
    const checked: string[] = [];
    let yields = 0;
    const done = checkEachProgram(backendWith(['a', 'b', 'c'], checked), async () => void yields++);
    expect(checked, 'nothing asked synchronously').toEqual([]);
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      await nextTask();
      seen.push(checked.length);
    }
    await done;
    expect(checked).toEqual(['a', 'b', 'c']);
    expect(seen, 'programs asked after each task').toEqual([1, 2, 3]);
    expect(yields).toBe(3);
  });

  it('lets a failed compile surface (the caller then leaves programs to compile on first use)', async () => {
    const checked: string[] = [];
    await expect(checkEachProgram(backendWith(['a', 'broken', 'c'], checked), async () => {})).rejects.toThrow('Failed to compile fragment shader.');
    expect(checked).toEqual(['a', 'broken']);
  });

  it('leaves the asking to tfjs where the extension exists (its check waits without blocking)', async () => {
    const checked: string[] = [];
    await checkEachProgram(backendWith(['a', 'b'], checked, {}), async () => {});
    expect(checked).toEqual([]);
  });
});

describe('gpuCaughtUp (waits on a GPU fence without blocking)', () => {
  /** A gl whose fence signals after `pending` polls; records the calls. */
  function fakeGl(pending: number) {
    const calls: string[] = [];
    let polls = 0;
    const gl = {
      SYNC_GPU_COMMANDS_COMPLETE: 0x9117,
      TIMEOUT_EXPIRED: 0x911b,
      ALREADY_SIGNALED: 0x911a,
      fenceSync: () => (calls.push('fenceSync'), { fence: true }),
      flush: () => void calls.push('flush'),
      clientWaitSync: (_sync: unknown, _flags: number, timeout: number) => {
        calls.push(`clientWaitSync(${timeout})`);
        return polls++ < pending ? 0x911b : 0x911a;
      },
      deleteSync: () => void calls.push('deleteSync'),
    };
    return { gl: gl as unknown as WebGL2RenderingContext, calls };
  }

  it('polls with a zero timeout, a task apart, until the fence signals, then deletes it', async () => {
    const { gl, calls } = fakeGl(3);
    let yields = 0;
    await gpuCaughtUp({ gpgpu: { gl } }, async () => void yields++);
    expect(calls).toEqual(['fenceSync', 'flush', 'clientWaitSync(0)', 'clientWaitSync(0)', 'clientWaitSync(0)', 'clientWaitSync(0)', 'deleteSync']);
    expect(yields, 'one yield per unfinished poll').toBe(3);
  });

  it('does nothing where the extension exists, or without a WebGL 2 context', async () => {
    const { gl, calls } = fakeGl(0);
    await gpuCaughtUp({ gpgpu: { gl, parallelCompilationExtension: {} } }, async () => {});
    await gpuCaughtUp({}, async () => {});
    expect(calls).toEqual([]);
  });
});

describe('distinctChunks', () => {
  /** Every chunk evaluate() runs over `count` rows in chunks of `size`, as (start, m), the way its loop cuts them. */
  const allChunks = (count: number, size: number) => Array.from({ length: Math.ceil(count / size) }, (_, k) => ({ start: k * size, m: Math.min(size, count - k * size) }));
  const kind = (c: { start: number; m: number }) => `${c.m}:${c.start > 0}`;

  it('has one chunk of each kind evaluate() runs (size, and whether it starts past row 0), each one of them', () => {
    for (const [count, size] of [[10000, 500], [10300, 500], [200, 500], [500, 500], [1000, 500], [1, 1], [6000, 500], [777, 64]]) {
      const chunks = distinctChunks(count, size);
      const all = allChunks(count, size);
      expect(new Set(chunks.map(kind)), `${count} rows in ${size}s`).toEqual(new Set(all.map(kind)));
      expect(chunks.map(kind)).toHaveLength(new Set(chunks.map(kind)).size);
      for (const c of chunks) expect(all, 'a chunk evaluate() really runs').toContainEqual(c);
    }
  });

  it('is the first chunk, then one past it, then the shorter last one', () => {
    expect(distinctChunks(10300, 500)).toEqual([
      { start: 0, m: 500 },
      { start: 500, m: 500 },
      { start: 10000, m: 300 },
    ]);
    expect(distinctChunks(200, 500)).toEqual([{ start: 0, m: 200 }]);
    expect(distinctChunks(0, 500)).toEqual([]);
  });
});
