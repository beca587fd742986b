import { describe, expect, it } from 'vitest';
import { DENSE_PRESET } from '../../../../../src/model/presets';
import { CNN_WITH_DROPOUT } from '../../../model/fixtures';
import { analyzeSpec, type ModelSpec } from '../../../../../src/model/spec';
import { layerName, summaryRows } from '../../../../../src/notebook/training/setup/summary';

function rows(spec: ModelSpec) {
  const plan = analyzeSpec(spec);
  if (!plan.ok) throw new Error(plan.error);
  return summaryRows(spec, plan.value).map((r) => [r.name, r.shape, r.paramsText]);
}

describe('summaryRows', () => {
  it('a cnn with dropout: an input row, then each layer with its shape and grouped params', () => {
    expect(rows(CNN_WITH_DROPOUT)).toEqual([
      ['input', '(28, 28, 1)', '0'],
      ['conv2d 16 5x5 relu', '(24, 24, 16)', '416'],
      ['maxPool 2x2', '(12, 12, 16)', '0'],
      ['conv2d 32 5x5 relu', '(8, 8, 32)', '12,832'],
      ['maxPool 2x2', '(4, 4, 32)', '0'],
      ['flatten', '(512,)', '0'],
      ['dropout 0.25', '(512,)', '0'],
      ['dense 128 relu, dropout 0.5', '(128,)', '65,664'],
      ['dense 10 softmax', '(10,)', '1,290'],
    ]);
  });

  it('dense: a flat input of 784', () => {
    expect(rows(DENSE_PRESET)).toEqual([
      ['input', '(784,)', '0'],
      ['dense 128 relu', '(128,)', '100,480'],
      ['dense 10 softmax', '(10,)', '1,290'],
    ]);
  });

  it('keeps kinds and numeric params for the table attributes', () => {
    const plan = analyzeSpec(DENSE_PRESET);
    if (!plan.ok) throw new Error(plan.error);
    expect(summaryRows(DENSE_PRESET, plan.value).map((r) => [r.kind, r.params])).toEqual([['input', 0], ['dense', 100_480], ['dense', 1290]]);
  });

  it('leaves out a dense dropout of 0', () => {
    expect(layerName({ kind: 'dense', units: 64, activation: 'tanh', dropout: 0 })).toBe('dense 64 tanh');
  });
});
