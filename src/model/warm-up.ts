/** The shader warm-up: compiles a run's WebGL programs ahead of its first batches. */
import * as tf from '@tensorflow/tfjs';
import { evaluationChunk, predictionOf } from './evaluate';
import { createModelFromSpec } from './factory';
import { createOptimizer } from './optimizer';
import type { OptimizerName } from './settings';
import type { ImageShape, ModelSpec } from './spec';
import { trainStepOps } from './train-step';
import type { TrainingData } from './training-checks';

/** What a run will execute, as far as the programs it compiles depend on it. */
export interface WarmUpPlan {
  model: ModelSpec;
  seed: number;
  imageShape: ImageShape;
  optimizer: OptimizerName;
  learningRate: number;
  /** The run's dataset tensors, borrowed. */
  data: TrainingData;
  /** The run's training rows; a batch's worth of them are gathered (shapes matter, values do not). */
  trainRows: Int32Array;
  batchSize: number;
  /** Validation rows held out of the training images, 0 when validation is on the test images. */
  heldOutRows: number;
  /** Images per forward pass in evaluation. */
  evalBatchSize: number;
  /** Awaited before each piece, so the page gets the main thread back in between. */
  yieldBetween: () => Promise<void>;
}

export interface WebGLBackendParts {
  checkCompileCompletionAsync?: () => Promise<unknown>;
  getUniformLocations?: () => void;
  /** tfjs 4.x: the compiled programs, and the synchronous check of one (throws if it failed to compile). */
  binaryCache?: Record<string, unknown>;
  checkCompletion_?: (binary: unknown) => boolean;
  gpgpu?: { gl: WebGL2RenderingContext; parallelCompilationExtension?: unknown };
  /** tfjs 4.x: the program a readback runs first (a packed or unpacked texture to a dense one); compiled, not run, in compile-only mode. */
  decode?: (dataId: object) => tf.TensorInfo;
}

/** Polls a GPU fence this often while the GPU process compiles. */
const FENCE_POLL_MS = 20;

/**
 * Waits, without blocking the page, until the GPU process has done everything asked of it so far: the
 * compiles just queued included. Without KHR_parallel_shader_compile (SwiftShader has none) tfjs's
 * completion check asks each program's LINK_STATUS in one synchronous loop, so the page waited for every
 * compile in one task (1.3-1.8 s for the CNN preset here); after this wait most answers are at hand. A fence
 * polled with a zero timeout is the same non-blocking check tfjs uses for its async readbacks.
 */
export async function gpuCaughtUp(backend: WebGLBackendParts, yieldBetween: () => Promise<void>): Promise<void> {
  const gl = backend.gpgpu?.gl;
  if (!gl || backend.gpgpu?.parallelCompilationExtension || typeof gl.fenceSync !== 'function') return;
  const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
  if (!sync) return;
  gl.flush();
  try {
    while (gl.clientWaitSync(sync, 0, 0) === gl.TIMEOUT_EXPIRED) {
      await new Promise((resolve) => setTimeout(resolve, FENCE_POLL_MS));
      await yieldBetween();
    }
  } finally {
    gl.deleteSync(sync);
  }
}

/** Compiles (in compile-only mode) the decode program a readback of `t` runs; nothing where tfjs has no such step. */
export function compileReadback(backend: WebGLBackendParts, t: tf.Tensor): void {
  if (typeof backend.decode !== 'function') return;
  try {
    const decoded = backend.decode(t.dataId);
    tf.engine().makeTensorFromTensorInfo(decoded).dispose();
  } catch {
    // Left to compile on the first readback.
  }
}

/**
 * Without KHR_parallel_shader_compile, asks each program whether it linked in a task of its own: the
 * driver links on that first question (here, 10-100 ms a program), so the page waits for one program at a
 * time instead of all of them at once. With the extension, tfjs's own check already waits without blocking.
 */
export async function checkEachProgram(backend: WebGLBackendParts, yieldBetween: () => Promise<void>): Promise<void> {
  if (backend.gpgpu?.parallelCompilationExtension || !backend.binaryCache || typeof backend.checkCompletion_ !== 'function') return;
  for (const binary of Object.values(backend.binaryCache)) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await yieldBetween();
    backend.checkCompletion_(binary);
  }
}

/**
 * The chunks evaluate() cuts `count` rows into (`size` each, the last one shorter), one for each distinct
 * set of programs: a chunk's size, and whether it starts past row 0 (a slice at an offset compiles programs
 * of its own, tfjs's shader key says so).
 */
export function distinctChunks(count: number, size: number): { start: number; m: number }[] {
  const chunks = new Map<string, { start: number; m: number }>();
  for (let start = 0; start < count; start += size) {
    const m = Math.min(size, count - start);
    const key = `${m}:${start > 0}`;
    if (!chunks.has(key)) chunks.set(key, { start, m });
  }
  return [...chunks.values()];
}

/**
 * Compiles, without running, the WebGL programs of each piece (each returns what its caller reads
 * back, whose decode programs are compiled too), one piece per task, then waits for the GPU process
 * to link them without blocking the page (gpuCaughtUp, checkEachProgram). A piece that fails in
 * compile-only mode is left to compile on first use. Resolves true when every piece compiled (all
 * their programs are then runnable, whatever compiles later), false when one failed or the backend has
 * no compile-only support (cpu, wasm: nothing done). Leaves no tensors.
 */
export function compilePieces(backend: WebGLBackendParts, pieces: readonly (() => tf.Tensor | tf.Tensor[])[], yieldBetween: () => Promise<void>): Promise<boolean> {
  if (!compilesAhead(backend)) return Promise.resolve(false);
  const run = compileEach(backend, pieces, yieldBetween);
  inFlight = Promise.allSettled([inFlight, run]);
  return run;
}

/**
 * A program compiled in compile-only mode has no uniform locations until compilePieces ends (tfjs reads
 * them for every program at once, getUniformLocations): the same program run for real before then
 * throws ("Cannot read properties of null"). What runs programs a compile in flight may hold (the map
 * while its shaders are compiled ahead) waits here first. Resolves when no compilePieces is running.
 */
export async function compilesSettled(): Promise<void> {
  let seen: Promise<unknown>;
  do {
    seen = inFlight;
    await seen;
  } while (seen !== inFlight);
}

/** Every compilePieces started, settled or not. */
let inFlight: Promise<unknown> = Promise.resolve();

/** A backend with tfjs's compile-only support: the completion check and the uniform locations' read. */
type CompileAheadBackend = WebGLBackendParts & Required<Pick<WebGLBackendParts, 'checkCompileCompletionAsync' | 'getUniformLocations'>>;
const compilesAhead = (backend: WebGLBackendParts): backend is CompileAheadBackend => !!backend.checkCompileCompletionAsync && !!backend.getUniformLocations;

async function compileEach(backend: CompileAheadBackend, pieces: readonly (() => tf.Tensor | tf.Tensor[])[], yieldBetween: () => Promise<void>): Promise<boolean> {
  let all = true;
  for (const piece of pieces) {
    // One piece per task: the page gets the main thread back in between.
    await yieldBetween();
    tf.env().set('ENGINE_COMPILE_ONLY', true);
    try {
      tf.tidy(() => {
        const read = piece();
        for (const t of Array.isArray(read) ? read : [read]) compileReadback(backend, t);
      });
    } catch {
      // Left to compile on first use.
      all = false;
    } finally {
      tf.env().set('ENGINE_COMPILE_ONLY', false);
    }
    await gpuCaughtUp(backend, yieldBetween);
  }
  await checkEachProgram(backend, yieldBetween);
  await backend.checkCompileCompletionAsync();
  backend.getUniformLocations();
  return all;
}

/**
 * Compiles the WebGL programs a run will use, without running them, on a scratch copy of the model:
 * tfjs's compile-only mode plus KHR_parallel_shader_compile, so the shaders compile off the main
 * thread instead of blocking it for seconds in the first batches. Returns at once on a backend
 * without compile-only support; where the extension is missing the compile is synchronous, as it
 * would have been anyway. Leaves no tensors behind.
 */
export async function warmUpShaders(plan: WarmUpPlan): Promise<void> {
  const backend = tf.backend() as unknown as WebGLBackendParts;
  if (!compilesAhead(backend)) return;
  const scratch = createModelFromSpec(plan.model, plan.seed, plan.imageShape);
  if (!scratch.ok) return;
  const optimizer = createOptimizer(plan.optimizer, plan.learningRate);
  const variables = scratch.value.trainableWeights.map((w) => w.read() as tf.Variable);
  const { trainImages, testImages } = plan.data;
  const size = plan.batchSize;
  const last = plan.trainRows.length % size;
  const evalSize = plan.evalBatchSize;
  // Each piece on its own: compile-only mode does not run kernels, and a kernel that needs its
  // inputs' values (tfjs 4.22's concat of some compile-only outputs fails so) must not stop the rest.
  // Each piece returns what the run reads back: a readback first runs a decode program of that shape,
  // which the first real batch would otherwise compile (seen: the dense preset's one new program then).
  const pieces: (() => tf.Tensor | tf.Tensor[])[] = [];
  for (const n of new Set([size, last].filter((x) => x > 0))) pieces.push(() => trainStepOps(scratch.value, optimizer.optimizer, variables, plan.data, plan.trainRows.subarray(0, n)));
  // The epoch end's weight readback (EpochWeights): after the steps above the scratch variables hold the
  // (packed) textures an optimizer update leaves, whose decode programs the readback compiles.
  pieces.push(() => scratch.value.weights.map((w) => w.read()));
  // The epoch end's evaluation chunks, whole (forward pass, loss, bookkeeping and the join of the four parts),
  // on held-out training rows (a gather) and on the test images (a slice). Warming only the forward pass left
  // the Dense preset's first epoch end to compile ten programs in a 49-55 ms task.
  const rows = (n: number) => (plan.trainRows.length >= n ? plan.trainRows.subarray(0, n) : new Int32Array(n));
  if (plan.heldOutRows > 0) for (const { m } of distinctChunks(plan.heldOutRows, evalSize)) pieces.push(() => evaluationChunk(scratch.value, trainImages, plan.data.trainLabels, 0, m, rows(m)));
  const { testLabels } = plan.data;
  if (testImages && testLabels) for (const { start, m } of distinctChunks(testImages.shape[0], evalSize)) pieces.push(() => evaluationChunk(scratch.value, testImages, testLabels, start, m));
  pieces.push(() => predictionOf(scratch.value, trainImages, 0));
  try {
    await compilePieces(backend, pieces, plan.yieldBetween);
  } finally {
    optimizer.dispose();
    scratch.value.dispose();
  }
}
