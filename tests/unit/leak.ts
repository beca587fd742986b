/** Tensor-leak check shared by unit tests: the body must leave tf.memory().numTensors where it found it. */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/** Runs `body` and fails the test if it leaves more (or fewer) live tensors than before; returns its result. */
export async function expectNoLeak<T>(body: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await body();
  expect(tf.memory().numTensors, 'live tensors after the body vs before (a difference is a leak or a double dispose)').toBe(before);
  return result;
}
