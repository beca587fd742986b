/**
 * The one table of layer kinds: per kind its link token, numeric fields (bounds, messages, editor
 * defaults), whether it reads images, its output shape and parameters, its summary name, its Keras
 * line and how a Keras/TF.js topology layer maps to it. The checks (spec.ts), the summary, the Keras
 * code, the editor and the model-file loader read it; factory.ts holds the only TF.js switch.
 * Adding a kind: a spec type in LayerSpec, an entry here, a case in the factory, a test.
 */
import { isCount, pair, show, type Json } from './json-values';

export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'linear', 'softmax'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Upper bounds that keep a browser tab responsive; a learner past them gets a message, not a frozen tab. */
export const MAX_UNITS = 4096;
export const MAX_FILTERS = 256;
/** Dropout rates are in [0, MAX_DROPOUT]; 1 would drop everything. */
export const MAX_DROPOUT = 0.9;

export type DenseSpec = { kind: 'dense'; units: number; activation: Activation; /** Dropout rate applied to this layer's output. */ dropout?: number };
export type Conv2dSpec = { kind: 'conv2d'; filters: number; kernelSize: number; activation: Activation };
export type MaxPoolSpec = { kind: 'maxPool'; poolSize: number };
export type FlattenSpec = { kind: 'flatten' };
export type DropoutSpec = { kind: 'dropout'; rate: number };

/** One entry of the editable layer list. Convolutions use 'valid' padding and stride 1; pooling strides by its size. */
export type LayerSpec = DenseSpec | Conv2dSpec | MaxPoolSpec | FlattenSpec | DropoutSpec;
export type LayerKind = LayerSpec['kind'];

/** The spec properties of S that hold numbers (the fields a learner types). */
type NumberKey<S> = S extends unknown ? { [P in keyof S]-?: NonNullable<S[P]> extends number ? P : never }[keyof S] & string : never;

/** One numeric field of a kind. */
export interface LayerField<S> {
  /** The spec's property. */
  key: NumberKey<S>;
  /** The editor's name for it: the draft's property, the testid suffix (train.model.layer.<draft>), the message key. */
  draft: string;
  /** Lower-case name in messages and aria labels, e.g. 'kernel size'. */
  label: string;
  /** The label the editor row shows, e.g. 'kernel'. */
  short: string;
  min: number;
  /** 'window': up to the images' larger side (maxWindowSize), as kernels and pools are. */
  max: number | 'window';
  whole: boolean;
  /** May be absent from a spec (meaning 0); left out of the spec and the link when 0. Optional fields come last. */
  optional?: true;
  /** The editor's message for an empty field. */
  empty: string;
  /** The editor's input width in characters. */
  width: number;
  /** What a newly added layer's field starts as. */
  initial: string;
}

/** One layer's effect on a valid input: its output shape and parameters, or why the input is too small. */
export type LayerStep = { ok: true; shape: number[]; params: number } | { ok: false; tooSmall: string };

/** A topology layer as this kind: the layer, a previous layer it extends (replacesPrevious), or why not. */
export type TopologyMatch = { ok: true; layer: LayerSpec; replacesPrevious?: true } | { ok: false; why: string };

/** What a topology layer's mapping knows of where it stands. */
export interface TopologyContext {
  name: string;
  /** The topology's layer before it, and the last spec layer made so far. */
  previousName: string | undefined;
  previousSpec: LayerSpec | undefined;
}

/** Everything the notebook knows of one layer kind except how TF.js builds it. */
export interface LayerKindInfo<S extends LayerSpec> {
  /** The first part of the link form, e.g. 'conv' in conv_16_5_relu. */
  token: string;
  /** A link-form example for the parse message. */
  example: string;
  /** Numeric fields in link and check order: required ones, then (after the activation) optional ones. */
  fields: readonly LayerField<S>[];
  /** Whether it has an activation (after the required fields in the link form). */
  activation: boolean;
  /** The input it needs: image-shaped [h, w, c] (a spatial kind), a vector, or either. */
  input: 'image' | 'vector' | 'any';
  /** Where the editor adds it: among the image layers (after the last spatial one) or in the head (before the output layer). */
  placement: 'features' | 'head';
  /** The summary's name, e.g. 'conv2d 16 5x5 relu'. */
  describe(layer: S): string;
  /** Output shape and parameters on `input` (of the rank `input` needs), fields already checked. */
  step(layer: S, input: readonly number[]): LayerStep;
  /** The smallest side that leaves `side` pixels after this layer (spatial kinds); fields may be unchecked. */
  minSide?(layer: S, side: number): number;
  /** The tf.keras lines it mirrors. */
  keras(layer: S): string[];
  /** Keras/TF.js class names read as this kind, and the mapping of one such layer's config. */
  topology: { classNames: readonly string[]; toSpec(config: Json, context: TopologyContext): TopologyMatch };
}

const isWhole = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;

function activationOf(config: Json): Activation | null {
  const a = config.activation ?? 'linear';
  return (ACTIVATIONS as readonly unknown[]).includes(a) ? (a as Activation) : null;
}

const not = (why: string): TopologyMatch => ({ ok: false, why });

/** The table, in the order the editor's add buttons and the messages list the kinds. */
export const LAYER_KIND_TABLE = {
  dense: {
    token: 'dense',
    example: 'dense_128_relu',
    fields: [
      { key: 'units', draft: 'units', label: 'units', short: 'units', min: 1, max: MAX_UNITS, whole: true, empty: 'enter a number of units', width: 5, initial: '64' },
      { key: 'dropout', draft: 'dropout', label: 'dropout', short: 'dropout', min: 0, max: MAX_DROPOUT, whole: false, optional: true, empty: 'enter a dropout rate (0 for none)', width: 4, initial: '0' },
    ],
    activation: true,
    input: 'vector',
    placement: 'head',
    describe: (l) => `dense ${l.units} ${l.activation}${l.dropout ? `, dropout ${l.dropout}` : ''}`,
    step: (l, [n]) => ({ ok: true, shape: [l.units], params: n * l.units + l.units }),
    keras: (l) => [`tf.keras.layers.Dense(${l.units}, activation='${l.activation}')`, ...(l.dropout ? [`tf.keras.layers.Dropout(${l.dropout})`] : [])],
    topology: {
      classNames: ['Dense'],
      toSpec(c) {
        const activation = activationOf(c);
        if (!activation) return not(`has activation ${show(c.activation)}`);
        if (c.use_bias === false) return not('has no bias');
        if (!isCount(c.units)) return not(`has units ${show(c.units)}`);
        return { ok: true, layer: { kind: 'dense', units: c.units, activation } };
      },
    },
  },
  conv2d: {
    token: 'conv',
    example: 'conv_32_3_relu',
    fields: [
      { key: 'filters', draft: 'filters', label: 'filters', short: 'filters', min: 1, max: MAX_FILTERS, whole: true, empty: 'enter a number of filters', width: 4, initial: '16' },
      { key: 'kernelSize', draft: 'kernel', label: 'kernel size', short: 'kernel', min: 1, max: 'window', whole: true, empty: 'enter a kernel size', width: 3, initial: '3' },
    ],
    activation: true,
    input: 'image',
    placement: 'features',
    describe: (l) => `conv2d ${l.filters} ${l.kernelSize}x${l.kernelSize} ${l.activation}`,
    step(l, [h, w, c]) {
      const k = l.kernelSize;
      if (k > h || k > w) return { ok: false, tooSmall: `its ${k}x${k} kernel is larger than its ${h}x${w} input; use a kernel of at most ${Math.min(h, w)}, or remove a pooling layer above it.` };
      return { ok: true, shape: [h - k + 1, w - k + 1, l.filters], params: k * k * c * l.filters + l.filters };
    },
    // A kxk kernel takes k-1 pixels off each side's count.
    minSide: (l, side) => (isWhole(l.kernelSize) ? side + l.kernelSize - 1 : side),
    keras: (l) => [`tf.keras.layers.Conv2D(${l.filters}, ${l.kernelSize}, activation='${l.activation}')`],
    topology: {
      classNames: ['Conv2D'],
      toSpec(c) {
        const activation = activationOf(c);
        const k = pair(c.kernel_size, 0);
        if (!activation) return not(`has activation ${show(c.activation)}`);
        if (!k || k[0] !== k[1]) return not(`has a ${show(c.kernel_size)} kernel (not square)`);
        if ((c.padding ?? 'valid') !== 'valid') return not(`has padding ${show(c.padding)}`);
        if (JSON.stringify(pair(c.strides, 1)) !== '[1,1]' || JSON.stringify(pair(c.dilation_rate, 1)) !== '[1,1]') return not('has strides or dilation other than 1');
        if (c.use_bias === false || !isCount(c.filters)) return not('has no bias');
        return { ok: true, layer: { kind: 'conv2d', filters: c.filters, kernelSize: k[0], activation } };
      },
    },
  },
  maxPool: {
    token: 'pool',
    example: 'pool_2',
    fields: [{ key: 'poolSize', draft: 'pool', label: 'pool size', short: 'pool', min: 1, max: 'window', whole: true, empty: 'enter a pool size', width: 3, initial: '2' }],
    activation: false,
    input: 'image',
    placement: 'features',
    describe: (l) => `maxPool ${l.poolSize}x${l.poolSize}`,
    step(l, [h, w, c]) {
      const p = l.poolSize;
      if (p > h || p > w) return { ok: false, tooSmall: `its ${p}x${p} window is larger than its ${h}x${w} input; use a pool size of at most ${Math.min(h, w)}, or remove a layer above it.` };
      return { ok: true, shape: [Math.floor(h / p), Math.floor(w / p), c], params: 0 };
    },
    // A pool of p strides by p, so it divides the side by p.
    minSide: (l, side) => (isWhole(l.poolSize) ? side * l.poolSize : side),
    keras: (l) => [`tf.keras.layers.MaxPooling2D(${l.poolSize})`],
    topology: {
      classNames: ['MaxPooling2D'],
      toSpec(c) {
        const p = pair(c.pool_size, 2);
        const s = c.strides === undefined || c.strides === null ? p : pair(c.strides, 1);
        if (!p || p[0] !== p[1] || !s || s[0] !== p[0] || s[1] !== p[1] || (c.padding ?? 'valid') !== 'valid') return not('pools with a window, stride or padding');
        return { ok: true, layer: { kind: 'maxPool', poolSize: p[0] } };
      },
    },
  },
  flatten: {
    token: 'flatten',
    example: 'flatten',
    fields: [],
    activation: false,
    input: 'any',
    placement: 'features',
    describe: () => 'flatten',
    step: (_, input) => ({ ok: true, shape: [input.reduce((a, b) => a * b, 1)], params: 0 }),
    keras: () => ['tf.keras.layers.Flatten()'],
    topology: { classNames: ['Flatten'], toSpec: () => ({ ok: true, layer: { kind: 'flatten' } }) },
  },
  dropout: {
    token: 'drop',
    example: 'drop_0.25',
    fields: [{ key: 'rate', draft: 'rate', label: 'rate', short: 'rate', min: 0, max: MAX_DROPOUT, whole: false, empty: 'enter a rate', width: 4, initial: '0.25' }],
    activation: false,
    input: 'any',
    placement: 'head',
    describe: (l) => `dropout ${l.rate}`,
    step: (_, input) => ({ ok: true, shape: [...input], params: 0 }),
    keras: (l) => [`tf.keras.layers.Dropout(${l.rate})`],
    topology: {
      classNames: ['Dropout', 'SeededDropout'],
      toSpec(c, { name, previousName, previousSpec }) {
        const rate = c.rate;
        if (typeof rate !== 'number') return not(`has rate ${show(rate)}`);
        // Our dense layers carry their dropout as `<name>_dropout` right after them.
        if (previousSpec?.kind === 'dense' && previousSpec.dropout === undefined && name === `${previousName}_dropout`) return { ok: true, layer: { ...previousSpec, dropout: rate }, replacesPrevious: true };
        return { ok: true, layer: { kind: 'dropout', rate } };
      },
    },
  },
} as const satisfies { readonly [K in LayerKind]: LayerKindInfo<Extract<LayerSpec, { kind: K }>> };

/** The editor's name of a numeric field (units, filters, kernel, pool, rate, dropout). */
export type DraftField = (typeof LAYER_KIND_TABLE)[LayerKind]['fields'][number]['draft'];

/** The kinds in table order (the add buttons' order). */
export const LAYER_KIND_ORDER = Object.keys(LAYER_KIND_TABLE) as readonly LayerKind[];

/** The table entry of a kind, seen as taking any layer (the caller passes layers of that kind). */
export function kindInfo(kind: LayerKind): LayerKindInfo<LayerSpec> {
  return LAYER_KIND_TABLE[kind] as unknown as LayerKindInfo<LayerSpec>;
}

/** The table entry of a kind, or undefined for a name that is not one (from a file or a link). */
export function tryLayerKindInfo(kind: unknown): LayerKindInfo<LayerSpec> | undefined {
  return typeof kind === 'string' && Object.hasOwn(LAYER_KIND_TABLE, kind) ? kindInfo(kind as LayerKind) : undefined;
}

/** The entry of a layer, typed to take that layer. */
export const infoOf = (layer: LayerSpec): LayerKindInfo<LayerSpec> => kindInfo(layer.kind);

/** Whether a kind reads image-shaped input (conv2d, maxPool): such a model takes [rows, cols, 1]. */
export const isSpatialKind = (kind: LayerKind): boolean => tryLayerKindInfo(kind)?.input === 'image';

/** Whether a spec has a spatial layer, so its input is the image rather than a vector (unknown kinds count as not). */
export const hasSpatialLayer = (layers: readonly LayerSpec[]): boolean => layers.some((l) => isSpatialKind(l?.kind));

/** The spatial kinds' names joined for a message, e.g. 'conv2d and maxPool'. */
export const spatialKindNames = (): string => joinWords(LAYER_KIND_ORDER.filter(isSpatialKind), 'and');

/** 'a, b and c' (or 'or'), as messages list things. */
export function joinWords(words: readonly string[], last: 'and' | 'or'): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1]}`;
}

/** A kind's fields before the activation (required) and after it (optional). */
export function splitFields<S extends LayerSpec>(info: LayerKindInfo<S>): { required: readonly LayerField<S>[]; optional: readonly LayerField<S>[] } {
  return { required: info.fields.filter((f) => !f.optional), optional: info.fields.filter((f) => f.optional) };
}

/**
 * A layer from its kind and field values, properties in link order (kind, required fields,
 * activation, optional fields); an optional field whose value is undefined is left out.
 */
export function makeLayer(kind: LayerKind, valueOf: (field: LayerField<LayerSpec>) => number | undefined, activation: Activation): LayerSpec {
  const info = kindInfo(kind);
  const { required, optional } = splitFields(info);
  const layer: Record<string, unknown> = { kind };
  for (const f of required) layer[f.key] = valueOf(f);
  if (info.activation) layer.activation = activation;
  for (const f of optional) {
    const v = valueOf(f);
    if (v !== undefined) layer[f.key] = v;
  }
  return layer as LayerSpec;
}

/** A layer's value of one of its fields (undefined for an absent optional one). */
export const fieldValue = (layer: LayerSpec, field: LayerField<LayerSpec>): unknown => (layer as Record<string, unknown>)[field.key];
