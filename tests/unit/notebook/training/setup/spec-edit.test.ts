import { describe, expect, it } from 'vitest';
import { CNN_PRESET, DENSE_PRESET } from '../../../../../src/model/presets';
import { CNN_WITH_DROPOUT } from '../../../model/fixtures';
import { MAX_LAYERS, type LayerSpec, type ModelSpec } from '../../../../../src/model/spec';
import {
  applyEdit,
  defaultInsertIndex,
  draftsToSpec,
  initialEditorSync,
  initialSpecEdit,
  parseDraftField,
  specEdit,
  syncFromProp,
  type DraftField,
  type SpecEditAction,
  type SpecEditState,
} from '../../../../../src/notebook/training/setup/spec-edit';

const OUT: LayerSpec = { kind: 'dense', units: 10, activation: 'softmax' };
const run = (spec: ModelSpec, actions: SpecEditAction[]): SpecEditState => actions.reduce(specEdit, initialSpecEdit(spec));
const set = (id: string, field: DraftField, text: string): SpecEditAction => ({ type: 'setField', id, field, text });

describe('parseDraftField: a message per way a field can be wrong, with the range', () => {
  const cases: [DraftField, string, number | string][] = [
    ['units', '128', 128],
    ['units', ' 32 ', 32],
    ['units', '', 'enter a number of units'],
    ['units', '   ', 'enter a number of units'],
    ['units', '12a', "'12a' is not a number"],
    ['units', 'NaN', "'NaN' is not a number"],
    ['units', 'Infinity', "'Infinity' is not a number"],
    ['units', '12.5', 'units must be a whole number from 1 to 4,096'],
    ['units', '0', 'units must be a whole number from 1 to 4,096'],
    ['units', '-3', 'units must be a whole number from 1 to 4,096'],
    ['units', '4096', 4096],
    ['units', '4097', 'units must be a whole number from 1 to 4,096'],
    ['units', '1e400', 'units must be a whole number from 1 to 4,096'],
    ['filters', '256', 256],
    ['filters', '257', 'filters must be a whole number from 1 to 256'],
    ['filters', '', 'enter a number of filters'],
    ['kernel', '28', 28],
    ['kernel', '29', 'kernel size must be a whole number from 1 to 28'],
    ['kernel', '', 'enter a kernel size'],
    ['pool', 'two', "'two' is not a number"],
    ['pool', '0', 'pool size must be a whole number from 1 to 28'],
    ['rate', '0', 0],
    ['rate', '.5', 0.5],
    ['rate', '1e-1', 0.1],
    ['rate', '0.9', 0.9],
    ['rate', '0.95', 'rate must be from 0 to 0.9'],
    ['rate', '-0.1', 'rate must be from 0 to 0.9'],
    ['rate', '', 'enter a rate'],
    ['dropout', '', 'enter a dropout rate (0 for none)'],
    ['dropout', '1', 'dropout must be from 0 to 0.9'],
  ];
  it.each(cases)('%s %j -> %j', (field, text, expected) => {
    const parsed = parseDraftField(field, text);
    expect(parsed).toEqual(typeof expected === 'number' ? { ok: true, value: expected } : { ok: false, error: expected });
  });
});

describe('draftsToSpec after a sequence of actions', () => {
  type Case = {
    name: string;
    from: ModelSpec;
    actions: SpecEditAction[];
    spec?: LayerSpec[];
    totalParams?: number;
    fieldErrors?: Record<string, string>;
    /** A substring of the problem. */
    problem?: string;
  };
  const cases: Case[] = [
    { name: 'the dense preset round-trips', from: DENSE_PRESET, actions: [], spec: [...DENSE_PRESET.layers], totalParams: 101_770 },
    { name: 'the cnn preset round-trips', from: CNN_PRESET, actions: [], spec: [...CNN_PRESET.layers], totalParams: 80_202 },
    { name: 'a cnn with dropout round-trips, dense dropout included', from: CNN_WITH_DROPOUT, actions: [], spec: [...CNN_WITH_DROPOUT.layers], totalParams: 80_202 },
    {
      name: 'a typed units value is used',
      from: DENSE_PRESET,
      actions: [set('L1', 'units', ' 32 ')],
      spec: [{ kind: 'dense', units: 32, activation: 'relu' }, OUT],
      totalParams: 784 * 32 + 32 + 32 * 10 + 10,
    },
    {
      name: 'units 12a: the field message, and the problem names the layer',
      from: DENSE_PRESET,
      actions: [set('L1', 'units', '12a')],
      fieldErrors: { 'L1.units': "'12a' is not a number" },
      problem: "Layer 1 (dense): '12a' is not a number.",
    },
    {
      name: 'two wrong fields: both messages, the problem is the first',
      from: CNN_PRESET,
      actions: [set('L3', 'kernel', ''), set('L1', 'filters', '0')],
      fieldErrors: { 'L1.filters': 'filters must be a whole number from 1 to 256', 'L3.kernel': 'enter a kernel size' },
      problem: 'Layer 1 (conv2d): filters must be a whole number from 1 to 256.',
    },
    {
      name: 'a field message wins over a structural problem',
      from: DENSE_PRESET,
      actions: [{ type: 'setActivation', id: 'L2', activation: 'relu' }, set('L1', 'dropout', 'x')],
      fieldErrors: { 'L1.dropout': "'x' is not a number" },
      problem: "Layer 1 (dense): 'x' is not a number.",
    },
    {
      name: 'a dense dropout of 0.3 is kept',
      from: DENSE_PRESET,
      actions: [set('L1', 'dropout', '0.3')],
      spec: [{ kind: 'dense', units: 128, activation: 'relu', dropout: 0.3 }, OUT],
    },
    {
      name: 'a dense dropout of 0 is left out, so the layer equals one without dropout',
      from: CNN_WITH_DROPOUT,
      actions: [set('L7', 'dropout', '0')],
      spec: [...CNN_WITH_DROPOUT.layers.slice(0, 6), { kind: 'dense', units: 128, activation: 'relu' }, OUT],
    },
    { name: 'dropout on the output layer', from: DENSE_PRESET, actions: [set('L2', 'dropout', '0.2')], problem: 'The last layer has dropout 0.2' },
    { name: 'output activation not softmax', from: DENSE_PRESET, actions: [{ type: 'setActivation', id: 'L2', activation: 'relu' }], problem: "The last layer's activation is relu" },
    { name: 'output units not 10', from: DENSE_PRESET, actions: [set('L2', 'units', '9')], problem: 'The last layer has 9 units' },
    { name: 'removing the output layer', from: DENSE_PRESET, actions: [{ type: 'remove', id: 'L2' }], problem: 'The last layer has 128 units' },
    { name: 'removing every layer', from: DENSE_PRESET, actions: [{ type: 'remove', id: 'L2' }, { type: 'remove', id: 'L1' }], problem: 'The model has no layers' },
    { name: 'moving the output layer up', from: DENSE_PRESET, actions: [{ type: 'move', id: 'L2', by: -1 }], problem: 'The last layer has 128 units' },
    {
      name: 'a conv after the flatten',
      from: CNN_PRESET,
      actions: [{ type: 'move', id: 'L3', by: 1 }, { type: 'move', id: 'L3', by: 1 }],
      problem: 'Layer 5 (conv2d) needs image-shaped input, but layer 4 flattened the feature maps',
    },
    { name: 'shrinking below 1x1', from: CNN_PRESET, actions: [set('L1', 'kernel', '28')], problem: 'Layer 2 (maxPool): its 2x2 window is larger than its 1x1 input' },
    {
      name: 'too many parameters',
      from: DENSE_PRESET,
      actions: [set('L1', 'units', '4096'), { type: 'add', kind: 'dense' }, set('L3', 'units', '4096')],
      problem: 'more than the 5,000,000 a browser tab trains comfortably',
    },
    {
      name: 'adding a conv2d to a dense model puts it first; the dense layer then asks for a flatten',
      from: DENSE_PRESET,
      actions: [{ type: 'add', kind: 'conv2d' }],
      problem: 'Layer 2 (dense) receives 26x26x16 feature maps; add a flatten layer before it',
    },
    {
      name: 'then adding a flatten puts it after the conv, and the model is valid',
      from: DENSE_PRESET,
      actions: [{ type: 'add', kind: 'conv2d' }, { type: 'add', kind: 'flatten' }],
      spec: [{ kind: 'conv2d', filters: 16, kernelSize: 3, activation: 'relu' }, { kind: 'flatten' }, DENSE_PRESET.layers[0], OUT],
      totalParams: 3 * 3 * 16 + 16 + (26 * 26 * 16 * 128 + 128) + 1290,
    },
    {
      name: 'a maxPool added to the cnn goes after the last pool: 4x4 -> 2x2, a smaller dense head',
      from: CNN_PRESET,
      actions: [{ type: 'add', kind: 'maxPool' }],
      spec: [...CNN_PRESET.layers.slice(0, 4), { kind: 'maxPool', poolSize: 2 }, ...CNN_PRESET.layers.slice(4)],
      totalParams: 416 + 12_832 + (2 * 2 * 32 * 128 + 128) + 1290,
    },
    {
      name: 'a third one would shrink the maps below 1x1',
      from: CNN_PRESET,
      actions: [{ type: 'add', kind: 'maxPool' }, { type: 'add', kind: 'maxPool' }, { type: 'add', kind: 'maxPool' }],
      problem: 'Layer 7 (maxPool): its 2x2 window is larger than its 1x1 input',
    },
    {
      name: 'adding a dense layer puts it before the output layer',
      from: DENSE_PRESET,
      actions: [{ type: 'add', kind: 'dense' }],
      spec: [DENSE_PRESET.layers[0], { kind: 'dense', units: 64, activation: 'relu' }, OUT],
    },
    {
      name: 'adding a dropout layer puts it before the output layer',
      from: DENSE_PRESET,
      actions: [{ type: 'add', kind: 'dropout' }],
      spec: [DENSE_PRESET.layers[0], { kind: 'dropout', rate: 0.25 }, OUT],
    },
    {
      name: 'adding at an explicit position',
      from: DENSE_PRESET,
      actions: [{ type: 'add', kind: 'dropout', at: 0 }, set('L3', 'rate', '0.1')],
      spec: [{ kind: 'dropout', rate: 0.1 }, DENSE_PRESET.layers[0], OUT],
    },
    {
      name: 'moving a layer down, then editing it by id',
      from: DENSE_PRESET,
      actions: [{ type: 'add', kind: 'dropout', at: 0 }, { type: 'move', id: 'L3', by: 1 }, set('L3', 'rate', '0.5')],
      spec: [DENSE_PRESET.layers[0], { kind: 'dropout', rate: 0.5 }, OUT],
    },
    {
      name: 'loading another spec replaces the drafts (the old ids are gone)',
      from: DENSE_PRESET,
      actions: [set('L1', 'units', 'bad'), { type: 'load', spec: CNN_PRESET }, set('L1', 'units', 'ignored')],
      spec: [...CNN_PRESET.layers],
    },
  ];

  it.each(cases)('$name', ({ from, actions, spec, totalParams, fieldErrors, problem }) => {
    const check = draftsToSpec(run(from, actions).drafts);
    expect(check.fieldErrors).toEqual(fieldErrors ?? {});
    if (spec) {
      expect(check.problem).toBeNull();
      expect(check.spec).toEqual({ layers: spec });
      expect(check.plan).not.toBeNull();
      if (totalParams !== undefined) expect(check.plan?.totalParams).toBe(totalParams);
    } else {
      expect(check.spec).toBeNull();
      expect(check.plan).toBeNull();
      expect(check.problem).toContain(problem);
    }
  });
});

describe('specEdit', () => {
  it('gives every layer a distinct id that survives moves, and never reuses one after a load', () => {
    let state = run(CNN_PRESET, [{ type: 'add', kind: 'dense' }]);
    const ids = state.drafts.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    state = specEdit(state, { type: 'move', id: ids[2], by: -1 });
    expect(state.drafts.map((d) => d.id)).toEqual([ids[0], ids[2], ids[1], ...ids.slice(3)]);
    const reloaded = specEdit(state, { type: 'load', spec: CNN_PRESET });
    expect(reloaded.drafts.some((d) => ids.includes(d.id))).toBe(false);
  });

  it.each<[string, SpecEditAction]>([
    ['moving the first layer up', { type: 'move', id: 'L1', by: -1 }],
    ['moving the last layer down', { type: 'move', id: 'L2', by: 1 }],
    ['removing an unknown id', { type: 'remove', id: 'L99' }],
    ['setting a field the kind does not have', { type: 'setField', id: 'L1', field: 'filters', text: '8' }],
    ['setting a field to what it already says', { type: 'setField', id: 'L1', field: 'units', text: '128' }],
    ['setting the activation it already has', { type: 'setActivation', id: 'L1', activation: 'relu' }],
  ])('returns the same state for a no-op: %s', (_name, action) => {
    const state = initialSpecEdit(DENSE_PRESET);
    expect(specEdit(state, action)).toBe(state);
  });

  it('keeps the text as typed', () => {
    const state = run(DENSE_PRESET, [set('L1', 'units', '12a')]);
    expect(state.drafts[0]).toMatchObject({ kind: 'dense', units: '12a' });
  });

  it('refuses a layer past MAX_LAYERS', () => {
    let state = initialSpecEdit(DENSE_PRESET);
    while (state.drafts.length < MAX_LAYERS) state = specEdit(state, { type: 'add', kind: 'dropout' });
    expect(specEdit(state, { type: 'add', kind: 'dense' })).toBe(state);
  });

  it('clamps an out-of-range position', () => {
    const state = run(DENSE_PRESET, [{ type: 'add', kind: 'flatten', at: 99 }]);
    expect(state.drafts.map((d) => d.kind)).toEqual(['dense', 'dense', 'flatten']);
  });

  it.each<[string, ModelSpec, LayerSpec['kind'], number]>([
    ['dense into an empty list', { layers: [] }, 'dense', 0],
    ['dense when the last layer is not dense', { layers: [{ kind: 'flatten' }] }, 'dense', 1],
    ['conv2d into a dense model', DENSE_PRESET, 'conv2d', 0],
    ['flatten into the cnn', CNN_PRESET, 'flatten', 4],
    ['dropout into a cnn with dropout', CNN_WITH_DROPOUT, 'dropout', 7],
  ])('defaultInsertIndex: %s', (_name, spec, kind, index) => {
    expect(defaultInsertIndex(initialSpecEdit(spec).drafts, kind)).toBe(index);
  });
});

describe('syncFromProp: when the spec prop resets the drafts', () => {
  it('keeps the drafts when the host passes an equal spec in a new object', () => {
    const sync = initialEditorSync(DENSE_PRESET);
    expect(syncFromProp(sync, { layers: DENSE_PRESET.layers.map((l) => ({ ...l })) })).toBe(sync);
  });

  it('keeps text as typed when the host echoes the spec the editor emitted', () => {
    const edited = applyEdit(initialEditorSync(DENSE_PRESET), set('L1', 'units', ' 064'));
    if (!edited?.check.spec) throw new Error('expected a valid spec');
    const synced = syncFromProp(edited.sync, edited.check.spec);
    expect(synced.edit).toBe(edited.sync.edit);
    expect(synced.edit.drafts[0]).toMatchObject({ units: ' 064' });
  });

  it('keeps invalid drafts while the host holds on to its old spec', () => {
    const edited = applyEdit(initialEditorSync(DENSE_PRESET), set('L1', 'units', '12a'));
    if (!edited) throw new Error('expected a change');
    expect(edited.check.spec).toBeNull();
    expect(edited.sync.emitted).toBeNull();
    expect(syncFromProp(edited.sync, DENSE_PRESET)).toBe(edited.sync);
  });

  it('resets to a spec from outside (a preset, a link), dropping invalid text', () => {
    const edited = applyEdit(initialEditorSync(DENSE_PRESET), set('L1', 'units', '12a'));
    if (!edited) throw new Error('expected a change');
    const synced = syncFromProp(edited.sync, CNN_PRESET);
    expect(synced.edit.drafts.map((d) => d.kind)).toEqual(CNN_PRESET.layers.map((l) => l.kind));
    expect(draftsToSpec(synced.edit.drafts).spec).toEqual(CNN_PRESET);
    expect(synced.source).toBe(CNN_PRESET);
  });

  it('resets when the host, having taken an emission, passes a different spec', () => {
    const edited = applyEdit(initialEditorSync(DENSE_PRESET), set('L1', 'units', '64'));
    if (!edited?.check.spec) throw new Error('expected a valid spec');
    const accepted = syncFromProp(edited.sync, edited.check.spec);
    const synced = syncFromProp(accepted, DENSE_PRESET);
    expect(synced.edit.drafts[0]).toMatchObject({ units: '128' });
    expect(synced.emitted).toBe(DENSE_PRESET);
  });

  it('applyEdit returns null for a no-op, so nothing is emitted', () => {
    expect(applyEdit(initialEditorSync(DENSE_PRESET), { type: 'move', id: 'L1', by: -1 })).toBeNull();
  });
});
