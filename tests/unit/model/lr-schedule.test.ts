import { describe, expect, it } from 'vitest';
import { COSINE_RESTART_DECAY, isLrScheduleName, LR_SCHEDULES, SCHEDULES, scheduledRate } from '../../../src/model/lr-schedule';

/** Keras 3's CosineDecayRestarts (keras/src/optimizers/schedules/learning_rate_schedule.py) with t_mul=1, alpha=0, transcribed. */
function kerasCosineDecayRestarts(initial: number, firstDecaySteps: number, mMul: number, step: number): number {
  let completedFraction = step / firstDecaySteps;
  const iRestart = Math.floor(completedFraction);
  completedFraction -= iRestart;
  const mFac = mMul ** iRestart;
  return initial * (0.5 * mFac * (1 + Math.cos(Math.PI * completedFraction)));
}

describe('learning-rate schedules', () => {
  it('constant is the base rate at every step', () => {
    for (const step of [0, 1, 99, 10_000]) expect(scheduledRate('constant', 0.003, step, 100)).toBe(0.003);
  });

  it('cosine matches Keras CosineDecayRestarts step by step over three epochs', () => {
    for (let step = 0; step < 3 * 844; step += 7) expect(scheduledRate('cosine', 0.004, step, 844)).toBeCloseTo(kerasCosineDecayRestarts(0.004, 844, COSINE_RESTART_DECAY, step), 15);
  });

  it('cosine starts each epoch at the peak times 0.5 per epoch before, ends it near 0, and never rises within an epoch', () => {
    const steps = 50;
    for (let epoch = 0; epoch < 4; epoch++) {
      expect(scheduledRate('cosine', 0.01, epoch * steps, steps)).toBeCloseTo(0.01 * 0.5 ** epoch, 15);
      const last = scheduledRate('cosine', 0.01, epoch * steps + steps - 1, steps);
      expect(last).toBeGreaterThan(0);
      expect(last).toBeLessThan(0.01 * 0.5 ** epoch * 0.001);
      for (let i = 1; i < steps; i++) expect(scheduledRate('cosine', 0.01, epoch * steps + i, steps)).toBeLessThan(scheduledRate('cosine', 0.01, epoch * steps + i - 1, steps));
    }
  });

  it('an epoch of one batch or none does not divide by zero', () => {
    expect(scheduledRate('cosine', 0.01, 0, 1)).toBe(0.01);
    expect(scheduledRate('cosine', 0.01, 1, 1)).toBe(0.005);
    expect(Number.isFinite(scheduledRate('cosine', 0.01, 3, 0))).toBe(true);
  });

  it('names its Keras schedule with the steps per epoch, and knows its names', () => {
    expect(SCHEDULES.constant.keras(0.001, 938)).toBe('0.001');
    expect(SCHEDULES.cosine.keras(0.004, 938)).toBe('tf.keras.optimizers.schedules.CosineDecayRestarts(0.004, first_decay_steps=938, t_mul=1.0, m_mul=0.5)');
    expect(LR_SCHEDULES.every(isLrScheduleName)).toBe(true);
    expect(isLrScheduleName('Cosine')).toBe(false);
    expect(isLrScheduleName('linear')).toBe(false);
  });
});
