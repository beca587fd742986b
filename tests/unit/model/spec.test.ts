import { describe, expect, it } from 'vitest';
import { CNN_PRESET, DENSE_PRESET, copySpec, presetOf } from '../../../src/model/presets';
import { CNN_WITH_DROPOUT } from './fixtures';
import { analyzeSpec, sameSpec, specInputShape, specToText, tryParseSpecText, type LayerSpec, type ModelSpec } from '../../../src/model/spec';

const spec = (...layers: LayerSpec[]): ModelSpec => ({ layers });
const OUT: LayerSpec = { kind: 'dense', units: 10, activation: 'softmax' };

describe('analyzeSpec on the presets', () => {
  it('dense: 784 -> 128 -> 10, 101,770 parameters counted by hand', () => {
    const plan = analyzeSpec(DENSE_PRESET);
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.inputShape).toEqual([784]);
    expect(plan.value.layers.map((l) => l.outputShape)).toEqual([[128], [10]]);
    // 784*128 weights + 128 biases; 128*10 weights + 10 biases.
    expect(plan.value.layers.map((l) => l.params)).toEqual([784 * 128 + 128, 128 * 10 + 10]);
    expect(plan.value.totalParams).toBe(101_770);
  });

  it('cnn: shapes through valid 5x5 convs and 2x2 pools, 80,202 parameters counted by hand', () => {
    const plan = analyzeSpec(CNN_PRESET);
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.inputShape).toEqual([28, 28, 1]);
    expect(plan.value.layers.map((l) => l.outputShape)).toEqual([[24, 24, 16], [12, 12, 16], [8, 8, 32], [4, 4, 32], [512], [128], [10]]);
    const conv1 = 5 * 5 * 1 * 16 + 16; // 416
    const conv2 = 5 * 5 * 16 * 32 + 32; // 12,832
    const dense1 = 4 * 4 * 32 * 128 + 128; // 65,664
    const dense2 = 128 * 10 + 10; // 1,290
    expect(plan.value.layers.map((l) => l.params)).toEqual([conv1, 0, conv2, 0, 0, dense1, dense2]);
    expect(plan.value.totalParams).toBe(80_202);
  });

  it('counts a 3x3 conv stack the same way (the Keras-style 32/64 net: 225,034)', () => {
    const plan = analyzeSpec(spec(
      { kind: 'conv2d', filters: 32, kernelSize: 3, activation: 'relu' },
      { kind: 'maxPool', poolSize: 2 },
      { kind: 'conv2d', filters: 64, kernelSize: 3, activation: 'relu' },
      { kind: 'maxPool', poolSize: 2 },
      { kind: 'flatten' },
      { kind: 'dense', units: 128, activation: 'relu' },
      OUT,
    ));
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.layers.map((l) => l.outputShape)).toEqual([[26, 26, 32], [13, 13, 32], [11, 11, 64], [5, 5, 64], [1600], [128], [10]]);
    // 3*3*1*32+32 + 3*3*32*64+64 + 1600*128+128 + 128*10+10
    expect(plan.value.totalParams).toBe(320 + 18_496 + 204_928 + 1_290);
  });

  it('uses a flat input without conv layers and an image input with them', () => {
    expect(specInputShape(spec({ kind: 'flatten' }, OUT))).toEqual([784]);
    expect(specInputShape(spec({ kind: 'maxPool', poolSize: 2 }, { kind: 'flatten' }, OUT))).toEqual([28, 28, 1]);
  });

  it('accepts a redundant flatten and a leading dropout on the flat input', () => {
    expect(analyzeSpec(spec({ kind: 'dropout', rate: 0.2 }, { kind: 'flatten' }, OUT)).ok).toBe(true);
  });
});

describe('analyzeSpec refuses invalid specs with a message a learner can act on', () => {
  it.each<{ name: string; layers: LayerSpec[]; message: RegExp }>([
    { name: 'no layers', layers: [], message: /no layers; add at least the output layer: dense, 10 units, softmax/ },
    {
      name: 'conv after flatten',
      layers: [{ kind: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' }, { kind: 'flatten' }, { kind: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' }, OUT],
      message: /Layer 3 \(conv2d\) needs image-shaped input, but layer 2 flattened the feature maps; move conv2d and maxPool layers above/,
    },
    {
      name: 'pool after dense',
      layers: [{ kind: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' }, { kind: 'flatten' }, { kind: 'dense', units: 8, activation: 'relu' }, { kind: 'maxPool', poolSize: 2 }, OUT],
      message: /Layer 4 \(maxPool\) needs image-shaped input/,
    },
    {
      name: 'dense on feature maps',
      layers: [{ kind: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' }, OUT],
      message: /Layer 2 \(dense\) receives 26x26x8 feature maps; add a flatten layer before it/,
    },
    {
      name: 'kernel larger than the input',
      layers: [
        { kind: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' },
        { kind: 'maxPool', poolSize: 2 },
        { kind: 'maxPool', poolSize: 2 },
        { kind: 'conv2d', filters: 8, kernelSize: 7, activation: 'relu' },
        { kind: 'flatten' },
        OUT,
      ],
      message: /Layer 4 \(conv2d\): its 7x7 kernel is larger than its 6x6 input; use a kernel of at most 6/,
    },
    {
      name: 'pool larger than the input',
      layers: [{ kind: 'maxPool', poolSize: 2 }, { kind: 'maxPool', poolSize: 2 }, { kind: 'maxPool', poolSize: 8 }, { kind: 'flatten' }, OUT],
      message: /Layer 3 \(maxPool\): its 8x8 window is larger than its 7x7 input; use a pool size of at most 7/,
    },
    { name: 'pool size out of range', layers: [{ kind: 'maxPool', poolSize: 29 }, { kind: 'flatten' }, OUT], message: /pool size must be a whole number from 1 to 28/ },
    { name: 'last layer not 10 units', layers: [{ kind: 'dense', units: 5, activation: 'softmax' }], message: /The last layer has 5 units, but there are 10 digits/ },
    { name: 'last layer not dense', layers: [OUT, { kind: 'dropout', rate: 0.5 }], message: /The last layer is dropout; end with a dense layer of 10 units/ },
    { name: 'last layer not softmax', layers: [{ kind: 'dense', units: 10, activation: 'relu' }], message: /activation is relu; use softmax/ },
    { name: 'dropout on the output', layers: [{ kind: 'dense', units: 10, activation: 'softmax', dropout: 0.5 }], message: /The last layer has dropout 0.5/ },
    { name: 'zero units', layers: [{ kind: 'dense', units: 0, activation: 'relu' }, OUT], message: /Layer 1 \(dense\): units must be a whole number from 1 to 4096; got 0/ },
    { name: 'fractional filters', layers: [{ kind: 'conv2d', filters: 2.5, kernelSize: 3, activation: 'relu' }, { kind: 'flatten' }, OUT], message: /filters must be a whole number from 1 to 256; got 2.5/ },
    { name: 'NaN kernel', layers: [{ kind: 'conv2d', filters: 2, kernelSize: NaN, activation: 'relu' }, { kind: 'flatten' }, OUT], message: /kernel size must be a whole number from 1 to 28; got NaN/ },
    { name: 'dropout rate 1', layers: [{ kind: 'dropout', rate: 1 }, OUT], message: /rate must be a number from 0 to 0.9; got 1/ },
    { name: 'unknown activation', layers: [{ kind: 'dense', units: 8, activation: 'swish' as 'relu' }, OUT], message: /unknown activation 'swish'/ },
    { name: 'unknown kind', layers: [{ kind: 'lstm' } as unknown as LayerSpec, OUT], message: /Layer 1 \(lstm\): unknown layer kind/ },
    { name: 'too many parameters', layers: [{ kind: 'dense', units: 4096, activation: 'relu' }, { kind: 'dense', units: 4096, activation: 'relu' }, OUT], message: /parameters, more than the 5,000,000/ },
  ])('$name', ({ layers, message }) => {
    const plan = analyzeSpec(spec(...layers));
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.error).toMatch(message);
  });
});

describe('the link form of a spec', () => {
  it.each([
    { name: 'dense preset', value: DENSE_PRESET, text: 'dense_128_relu-dense_10_softmax' },
    { name: 'cnn preset', value: CNN_PRESET, text: 'conv_16_5_relu-pool_2-conv_32_5_relu-pool_2-flatten-dense_128_relu-dense_10_softmax' },
    {
      name: 'cnn with a dropout layer and a dense dropout',
      value: CNN_WITH_DROPOUT,
      text: 'conv_16_5_relu-pool_2-conv_32_5_relu-pool_2-flatten-drop_0.25-dense_128_relu_0.5-dense_10_softmax',
    },
  ])('round-trips the $name', ({ value, text }) => {
    expect(specToText(value)).toBe(text);
    const parsed = tryParseSpecText(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value).toEqual(copySpec(value));
    expect(sameSpec(parsed.value, value)).toBe(true);
    // Only characters URLSearchParams leaves as they are.
    expect(new URLSearchParams({ model: text }).toString()).toBe(`model=${text}`);
  });

  it.each(['', 'dense_10', 'dense_x_relu', 'conv_3_3', 'pool_2_2', 'flatten_1', 'drop_', 'dense_10_softmax_0.1_9', 'gru_4', 'dense_-1_relu'])('refuses %j', (text) => {
    expect(tryParseSpecText(text).ok).toBe(false);
  });

  it('names the layer it cannot read', () => {
    const parsed = tryParseSpecText('dense_128_relu-bogus-dense_10_softmax');
    expect(parsed.ok ? '' : parsed.error).toMatch(/layer 2 'bogus' is not understood/);
  });
});

describe('presets', () => {
  it('are recognized, and stop being a preset once edited', () => {
    expect(presetOf(DENSE_PRESET)).toBe('dense');
    expect(presetOf(copySpec(CNN_PRESET))).toBe('cnn');
    const edited = copySpec(DENSE_PRESET);
    edited.layers[0] = { kind: 'dense', units: 64, activation: 'relu' };
    expect(presetOf(edited)).toBeNull();
  });

  it('are frozen so a shared constant cannot be edited by accident', () => {
    expect(Object.isFrozen(DENSE_PRESET.layers)).toBe(true);
    expect(Object.isFrozen(CNN_PRESET.layers[0])).toBe(true);
  });
});
