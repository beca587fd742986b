/** The shader warm-up: compiles a run's WebGL programs ahead of its first batches. */
import * as tf from '@tensorflow/tfjs';
import { evaluationForward, predictionOf } from './evaluate';
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

/**
 * Compiles the WebGL programs a run will use, without running them, on a scratch copy of the model:
 * tfjs's compile-only mode plus KHR_parallel_shader_compile, so the shaders compile off the main
 * thread instead of blocking it for seconds in the first batches. Returns at once on a backend
 * without compile-only support; where the extension is missing the compile is synchronous, as it
 * would have been anyway. Leaves no tensors behind.
 */
export async function warmUpShaders(plan: WarmUpPlan): Promise<void> {
  const backend = tf.backend() as unknown as { checkCompileCompletionAsync?: () => Promise<unknown>; getUniformLocations?: () => void };
  if (!backend.checkCompileCompletionAsync || !backend.getUniformLocations) return;
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
  const pieces: (() => void)[] = [];
  for (const n of new Set([size, last].filter((x) => x > 0))) pieces.push(() => void trainStepOps(scratch.value, optimizer.optimizer, variables, plan.data, plan.trainRows.subarray(0, n)));
  const evalSizes = new Set<number>();
  const evalOf = (count: number) => [Math.min(evalSize, count), count % evalSize].filter((x) => x > 0).forEach((x) => evalSizes.add(x));
  if (plan.heldOutRows > 0) evalOf(plan.heldOutRows);
  if (testImages) evalOf(testImages.shape[0]);
  // The evaluation's forward pass (the bulk of its programs); its small bookkeeping ops compile on first use.
  for (const n of evalSizes) pieces.push(() => void evaluationForward(scratch.value, testImages ?? trainImages, 0, n));
  pieces.push(() => void predictionOf(scratch.value, trainImages, 0));
  for (const piece of pieces) {
    // One piece per task: the page gets the main thread back in between.
    await plan.yieldBetween();
    tf.env().set('ENGINE_COMPILE_ONLY', true);
    try {
      tf.tidy(piece);
    } catch {
      // Left to compile on first use.
    } finally {
      tf.env().set('ENGINE_COMPILE_ONLY', false);
    }
  }
  try {
    await backend.checkCompileCompletionAsync();
    backend.getUniformLocations();
  } finally {
    optimizer.dispose();
    scratch.value.dispose();
  }
}
