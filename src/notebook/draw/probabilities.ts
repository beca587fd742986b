/** A model's ten outputs as probabilities the bar chart can draw. */

/** Outputs summing to 1 within this are taken as probabilities (float32 softmax sums are off by ~1e-7). */
const SUM_TOLERANCE = 1e-3;

/**
 * `values` as probabilities: kept if they already are (all in 0..1, summing to 1 within 1e-3),
 * else softmaxed (a model ending in a linear layer outputs logits). Non-finite values read as 0 logits.
 */
export function toProbabilities(values: readonly number[]): { probabilities: number[]; fromLogits: boolean } {
  const finite = values.map((v) => (Number.isFinite(v) ? v : 0));
  const sum = finite.reduce((a, v) => a + v, 0);
  const already = finite.length > 0 && finite.every((v, i) => v === values[i] && v >= 0 && v <= 1) && Math.abs(sum - 1) <= SUM_TOLERANCE;
  if (already) return { probabilities: finite, fromLogits: false };
  if (finite.length === 0) return { probabilities: [], fromLogits: false };
  const max = Math.max(...finite);
  const exps = finite.map((v) => Math.exp(v - max));
  const total = exps.reduce((a, v) => a + v, 0);
  return { probabilities: exps.map((e) => e / total), fromLogits: true };
}
