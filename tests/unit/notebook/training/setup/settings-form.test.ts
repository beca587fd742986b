import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_FIELDS, settingsToText } from '../../../../../src/model/settings';
import { RANDOM_SEED_LIMIT, isFieldShown, randomSeedText, settingsRows } from '../../../../../src/notebook/training/setup/settings-form';

describe('settingsRows', () => {
  it('has one row per settings field, in the form order', () => {
    expect(settingsRows(60000).map((r) => r.field)).toEqual([...SETTINGS_FIELDS]);
  });

  it.each([
    [60000, '1,000 to 60,000 images'],
    [5000, '1,000 to 5,000 images'],
    // A fixture smaller than MIN_SUBSET: validateSettingsText lowers the minimum the same way.
    [500, '500 to 500 images'],
  ])('subset hint for %i loaded images: %s', (maxSubset, hint) => {
    expect(settingsRows(maxSubset).find((r) => r.field === 'subsetSize')?.hint).toBe(hint);
  });

  it('offers split and test as the validation choices, and every optimizer', () => {
    const rows = settingsRows(60000);
    const options = (field: string) => {
      const control = rows.find((r) => r.field === field)?.control;
      return control?.type === 'select' ? control.options.map((o) => o.value) : null;
    };
    expect(options('validation')).toEqual(['split', 'test']);
    expect(options('optimizer')).toEqual(['sgd', 'momentum', 'adam', 'rmsprop']);
  });
});

describe('isFieldShown', () => {
  const text = settingsToText(DEFAULT_SETTINGS);
  it.each([
    ['split', true],
    ['test', false],
    [' Split ', true],
    ['', false],
  ])('validation %j: fraction shown %s', (validation, shown) => {
    expect(isFieldShown('validationFraction', { ...text, validation })).toBe(shown);
    expect(isFieldShown('seed', { ...text, validation })).toBe(true);
  });
});

describe('randomSeedText', () => {
  it.each([
    [0, '0'],
    [0.5, String(RANDOM_SEED_LIMIT / 2)],
    [0.9999999999, String(RANDOM_SEED_LIMIT - 1)],
    [1, String(RANDOM_SEED_LIMIT - 1)],
  ])('random() = %d -> %s', (r, seed) => {
    expect(randomSeedText(() => r)).toBe(seed);
  });

  it('gives a whole number the form accepts by default', () => {
    expect(randomSeedText()).toMatch(/^\d{1,6}$/);
  });
});
