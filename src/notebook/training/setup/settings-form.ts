/** The settings form as a table of rows (label, control, hint), so the component only draws it. Pure. */
import { formatCount } from '../../../lib/format';
import { MAX_SEED } from '../../../lib/random';
import { LR_SCHEDULES, SCHEDULES } from '../../../model/lr-schedule';
import { MIN_SUBSET, OPTIMIZERS, type SettingsField, type SettingsText } from '../../../model/settings';

export interface SelectOption {
  value: string;
  text: string;
}

export interface SettingsRow {
  field: SettingsField;
  label: string;
  /** A select with these options, or a text input with this input mode. */
  control: { type: 'select'; options: readonly SelectOption[] } | { type: 'text'; inputMode: 'decimal' | 'numeric' };
  /** A short hint under the label, or null. */
  hint: string | null;
}

/**
 * The rows in display order. `maxSubset` is how many training images are loaded (the subset's upper
 * bound), `testCount` how many test images (default MNIST's 10,000).
 */
export function settingsRows(maxSubset: number, testCount = 10000): SettingsRow[] {
  const minSubset = Math.min(MIN_SUBSET, maxSubset);
  return [
    { field: 'optimizer', label: 'Optimizer', control: { type: 'select', options: OPTIMIZERS.map((o) => ({ value: o, text: o })) }, hint: null },
    { field: 'learningRate', label: 'Learning rate', control: { type: 'text', inputMode: 'decimal' }, hint: null },
    { field: 'schedule', label: 'Schedule', control: { type: 'select', options: LR_SCHEDULES.map((o) => ({ value: o, text: SCHEDULES[o].label })) }, hint: null },
    { field: 'batchSize', label: 'Batch size', control: { type: 'text', inputMode: 'numeric' }, hint: null },
    { field: 'epochs', label: 'Epochs', control: { type: 'text', inputMode: 'numeric' }, hint: null },
    { field: 'subsetSize', label: 'Training subset', control: { type: 'text', inputMode: 'numeric' }, hint: `${formatCount(minSubset)} to ${formatCount(maxSubset)} images` },
    {
      field: 'validation',
      label: 'Validate on',
      control: {
        type: 'select',
        options: [
          { value: 'split', text: 'hold out part of the subset' },
          { value: 'test', text: `the ${formatCount(testCount)} test images` },
        ],
      },
      hint: null,
    },
    { field: 'validationFraction', label: 'Held-out fraction', control: { type: 'text', inputMode: 'decimal' }, hint: 'e.g. 0.1 for 10%' },
    { field: 'seed', label: 'Seed', control: { type: 'text', inputMode: 'numeric' }, hint: null },
  ];
}

/** Whether a field is shown for what is typed: the held-out fraction only when validating on a split. */
export function isFieldShown(field: SettingsField, text: SettingsText): boolean {
  return field !== 'validationFraction' || text.validation.trim().toLowerCase() === 'split';
}

/** Seeds the random button offers: short enough to read in a link. */
export const RANDOM_SEED_LIMIT = Math.min(1_000_000, MAX_SEED + 1);

/** A random seed in [0, RANDOM_SEED_LIMIT), as text for the seed field; `random` returns [0, 1). */
export function randomSeedText(random: () => number = Math.random): string {
  return String(Math.min(RANDOM_SEED_LIMIT - 1, Math.floor(random() * RANDOM_SEED_LIMIT)));
}
