/**
 * Learning-rate schedules: the rate each optimizer step uses, computed as Keras's schedule of the same
 * name computes it, so the Keras code shown for a run is what runs. One table: the name, the label,
 * the rate at a step and the Keras expression. Pure.
 */

export const LR_SCHEDULES = ['constant', 'cosine'] as const;
export type LrScheduleName = (typeof LR_SCHEDULES)[number];

/**
 * Each restart of the cosine schedule starts from this fraction of the previous one's peak (Keras's
 * `m_mul`), so every epoch ends annealed and each one starts lower than the last.
 */
export const COSINE_RESTART_DECAY = 0.5;

interface ScheduleInfo {
  /** The settings form's text. */
  label: string;
  /** The rate for optimizer step `step` (0 for the first batch of the run), with `stepsPerEpoch` batches an epoch. */
  rate(base: number, step: number, stepsPerEpoch: number): number;
  /** The Keras learning rate for `tf.keras.optimizers.X(...)`: a number or a schedule object. */
  keras(base: number, stepsPerEpoch: number): string;
}

export const SCHEDULES: Readonly<Record<LrScheduleName, ScheduleInfo>> = Object.freeze({
  constant: {
    label: 'constant',
    rate: (base) => base,
    keras: (base) => String(base),
  },
  cosine: {
    label: 'cosine, restarted each epoch',
    // tf.keras.optimizers.schedules.CosineDecayRestarts with t_mul=1, alpha=0: within epoch e
    // (0-based) the rate falls from base * m^e to near 0 along half a cosine.
    rate: (base, step, stepsPerEpoch) => {
      const epochs = step / stepsPerEpoch;
      const restart = Math.floor(epochs);
      const fraction = epochs - restart;
      return base * 0.5 * COSINE_RESTART_DECAY ** restart * (1 + Math.cos(Math.PI * fraction));
    },
    keras: (base, stepsPerEpoch) => `tf.keras.optimizers.schedules.CosineDecayRestarts(${base}, first_decay_steps=${stepsPerEpoch}, t_mul=1.0, m_mul=${COSINE_RESTART_DECAY})`,
  },
});

/** The rate optimizer step `step` (0-based, counted over the whole run) uses under `schedule`. */
export function scheduledRate(schedule: LrScheduleName, base: number, step: number, stepsPerEpoch: number): number {
  return SCHEDULES[schedule].rate(base, step, Math.max(1, stepsPerEpoch));
}

/** Parses a schedule's name, case-insensitively. */
export function isLrScheduleName(text: string): text is LrScheduleName {
  return (LR_SCHEDULES as readonly string[]).includes(text);
}
