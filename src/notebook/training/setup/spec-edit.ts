/**
 * The layer list editor's state: drafts that keep each number as typed ("12a" stays visible next to
 * its message), actions that return new state, and the check that turns drafts into a ModelSpec.
 * Pure: no React, no tfjs.
 */
import { formatCount } from '../../../lib/format';
import {
  LAYER_KIND_ORDER,
  LAYER_KIND_TABLE,
  isSpatialKind,
  kindInfo,
  makeLayer,
  splitFields,
  fieldValue,
  type DraftField,
  type LayerField,
  type LayerSpec,
} from '../../../model/layer-kinds';
import { analyzeSpec, maxWindowSize, MNIST_IMAGE_SHAPE, sameSpec, MAX_LAYERS, type Activation, type ImageShape, type LayerKind, type ModelSpec, type SpecPlan } from '../../../model/spec';

export type { DraftField } from '../../../model/layer-kinds';

type KindTable = typeof LAYER_KIND_TABLE;
/** A draft of kind K: its fields as typed (from the layer table), and an activation when the kind has one. */
type DraftOf<K extends LayerKind> = { id: string; kind: K } & { [F in KindTable[K]['fields'][number]['draft']]: string } & (KindTable[K]['activation'] extends true ? { activation: Activation } : unknown);

/** One editable layer. `id` is stable across moves and edits, for React keys and field messages. */
export type LayerDraft = { [K in LayerKind]: DraftOf<K> }[LayerKind];

/** Editor state: the drafts, and the counter that names the next one (ids are never reused). */
export interface SpecEditState {
  readonly drafts: readonly LayerDraft[];
  readonly nextId: number;
}

export type SpecEditAction =
  | { type: 'load'; spec: ModelSpec }
  /** `at` is the index the new layer gets; without it, see defaultInsertIndex. */
  | { type: 'add'; kind: LayerKind; at?: number }
  | { type: 'remove'; id: string }
  | { type: 'move'; id: string; by: -1 | 1 }
  | { type: 'setField'; id: string; field: DraftField; text: string }
  | { type: 'setActivation'; id: string; activation: Activation };

/** The kinds in the order the add buttons show them (the layer table's order). */
export const LAYER_KINDS: readonly LayerKind[] = LAYER_KIND_ORDER;

/** The numeric fields of each kind, in the order a row shows them. */
export const DRAFT_FIELDS = Object.fromEntries(LAYER_KIND_ORDER.map((k) => [k, LAYER_KIND_TABLE[k].fields.map((f) => f.draft)])) as unknown as Readonly<Record<LayerKind, readonly DraftField[]>>;

export interface FieldRule {
  /** Lower-case name used in messages and labels. */
  label: string;
  /** The label a row shows next to the input. */
  short: string;
  min: number;
  max: number;
  whole: boolean;
  /** The message for an empty field. */
  empty: string;
  /** Input width in characters, so a row stays on one line. */
  width: number;
}

const allFields = (): LayerField<LayerSpec>[] => LAYER_KIND_ORDER.flatMap((k) => kindInfo(k).fields);

/** Each field's rule at MNIST's size (kernel and pool sizes up to 28). */
export const FIELD_RULES = Object.fromEntries(
  allFields().map(({ draft, label, short, min, max, whole, empty, width }) => [draft, { label, short, min, max: max === 'window' ? maxWindowSize() : max, whole, empty, width }]),
) as Readonly<Record<DraftField, FieldRule>>;

/** Whether a field's bound is the images' larger side (kernel and pool sizes). */
const WINDOW_FIELDS: ReadonlySet<string> = new Set(allFields().filter((f) => f.max === 'window').map((f) => f.draft));

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A field's rule for images of `image`: kernel and pool sizes go up to the larger side (28 for MNIST). */
export function fieldRule(field: DraftField, image: ImageShape = MNIST_IMAGE_SHAPE): FieldRule {
  const rule = FIELD_RULES[field];
  return WINDOW_FIELDS.has(field) ? { ...rule, max: maxWindowSize(image) } : rule;
}

/** A field's number, or the message to show next to it; `image` sets the kernel and pool sizes' range. */
export function parseDraftField(field: DraftField, text: string, image: ImageShape = MNIST_IMAGE_SHAPE): { ok: true; value: number } | { ok: false; error: string } {
  const rule = fieldRule(field, image);
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: rule.empty };
  if (!NUMBER.test(trimmed)) return { ok: false, error: `'${trimmed}' is not a number` };
  const value = Number(trimmed);
  const range = `from ${formatCount(rule.min)} to ${formatCount(rule.max)}`;
  if (rule.whole && (!Number.isInteger(value) || value < rule.min || value > rule.max)) {
    return { ok: false, error: `${rule.label} must be a whole number ${range}` };
  }
  if (!(value >= rule.min && value <= rule.max)) return { ok: false, error: `${rule.label} must be ${range}` };
  return { ok: true, value };
}

/** The text of one of a draft's fields ('' for a field its kind does not have). */
export function draftText(draft: LayerDraft, field: DraftField): string {
  const value = (draft as Partial<Record<DraftField, unknown>>)[field];
  return typeof value === 'string' ? value : '';
}

/** The message key of a field: `${layerId}.${field}`. */
export const fieldKey = (id: string, field: DraftField): string => `${id}.${field}`;

/** A draft of `kind` with `text` for each field, properties in link order; `activation` when the kind has one. */
function makeDraft(kind: LayerKind, id: string, text: (field: LayerField<LayerSpec>) => string, activation: Activation): LayerDraft {
  const info = kindInfo(kind);
  const { required, optional } = splitFields(info);
  const draft: Record<string, string> = { id, kind };
  for (const f of required) draft[f.draft] = text(f);
  if (info.activation) draft.activation = activation;
  for (const f of optional) draft[f.draft] = text(f);
  return draft as LayerDraft;
}

/** What a newly added layer of each kind starts as (the table's initial texts, relu). */
const newDraft = (kind: LayerKind, id: string): LayerDraft => makeDraft(kind, id, (f) => f.initial, 'relu');

function layerToDraft(layer: LayerSpec, id: string): LayerDraft {
  return makeDraft(layer.kind, id, (f) => String(fieldValue(layer, f) ?? 0), (layer as { activation?: Activation }).activation ?? 'relu');
}

/**
 * Where a layer of `kind` goes when no position is given. Dense and dropout go before the output
 * layer (the last layer, when it is dense). Conv2d, maxPool and flatten go after the last conv/pool
 * layer, or first when there is none, so adding one to a dense model keeps image-shaped layers
 * above the flatten and dense ones.
 */
export function defaultInsertIndex(drafts: readonly LayerDraft[], kind: LayerKind): number {
  if (LAYER_KIND_TABLE[kind].placement === 'features') {
    let lastSpatial = -1;
    drafts.forEach((d, i) => {
      if (isSpatialKind(d.kind)) lastSpatial = i;
    });
    return lastSpatial + 1;
  }
  const last = drafts[drafts.length - 1];
  return last?.kind === 'dense' ? drafts.length - 1 : drafts.length;
}

/** Fresh editor state showing `spec`. */
export function initialSpecEdit(spec: ModelSpec): SpecEditState {
  return specEdit({ drafts: [], nextId: 1 }, { type: 'load', spec });
}

/** Whether another layer may be added (the model checks allow at most MAX_LAYERS). */
export const canAddLayer = (state: SpecEditState): boolean => state.drafts.length < MAX_LAYERS;

function updateDraft(state: SpecEditState, id: string, change: (draft: LayerDraft) => LayerDraft): SpecEditState {
  let changed = false;
  const drafts = state.drafts.map((d) => {
    if (d.id !== id) return d;
    const next = change(d);
    if (next !== d) changed = true;
    return next;
  });
  return changed ? { ...state, drafts } : state;
}

/** Applies one editor action; returns `state` itself when the action changes nothing (unknown id, edge move, full list). */
export function specEdit(state: SpecEditState, action: SpecEditAction): SpecEditState {
  switch (action.type) {
    case 'load': {
      const drafts = action.spec.layers.map((layer, i) => layerToDraft(layer, `L${state.nextId + i}`));
      return { drafts, nextId: state.nextId + drafts.length };
    }
    case 'add': {
      if (!canAddLayer(state)) return state;
      const at = Math.max(0, Math.min(state.drafts.length, action.at ?? defaultInsertIndex(state.drafts, action.kind)));
      const drafts = [...state.drafts];
      drafts.splice(at, 0, newDraft(action.kind, `L${state.nextId}`));
      return { drafts, nextId: state.nextId + 1 };
    }
    case 'remove': {
      const drafts = state.drafts.filter((d) => d.id !== action.id);
      return drafts.length === state.drafts.length ? state : { ...state, drafts };
    }
    case 'move': {
      const from = state.drafts.findIndex((d) => d.id === action.id);
      const to = from + action.by;
      if (from < 0 || to < 0 || to >= state.drafts.length) return state;
      const drafts = [...state.drafts];
      [drafts[from], drafts[to]] = [drafts[to], drafts[from]];
      return { ...state, drafts };
    }
    case 'setField':
      return updateDraft(state, action.id, (d) => {
        if (!(DRAFT_FIELDS[d.kind] as readonly string[]).includes(action.field)) return d;
        return draftText(d, action.field) === action.text ? d : ({ ...d, [action.field]: action.text } as LayerDraft);
      });
    case 'setActivation':
      return updateDraft(state, action.id, (d) =>
        'activation' in d && d.activation !== action.activation ? { ...d, activation: action.activation } : d,
      );
  }
}

/** What the drafts amount to: a checked spec and its plan, or the messages saying why not. */
export interface DraftsCheck {
  /** The spec when every field parses and analyzeSpec accepts it; else null. */
  spec: ModelSpec | null;
  /** Messages for fields as typed, keyed `${layerId}.${field}`; a key only for a wrong field. */
  fieldErrors: Record<string, string>;
  /**
   * Why `spec` is null, in one sentence: the first field message naming its layer, or analyzeSpec's
   * message about the structure. Null when `spec` is not.
   */
  problem: string | null;
  plan: SpecPlan | null;
}

function layerLabel(index: number, kind: LayerKind): string {
  return `Layer ${index + 1} (${kind})`;
}

/** Parses every field, then checks the structure with analyzeSpec for images of `image` (default 28x28). */
export function draftsToSpec(drafts: readonly LayerDraft[], image: ImageShape = MNIST_IMAGE_SHAPE): DraftsCheck {
  const fieldErrors: Record<string, string> = {};
  let firstProblem: string | null = null;
  const layers: LayerSpec[] = [];

  drafts.forEach((draft, index) => {
    const values: Partial<Record<DraftField, number>> = {};
    for (const field of DRAFT_FIELDS[draft.kind]) {
      const parsed = parseDraftField(field, draftText(draft, field), image);
      if (parsed.ok) {
        values[field] = parsed.value;
      } else {
        fieldErrors[fieldKey(draft.id, field)] = parsed.error;
        firstProblem ??= `${layerLabel(index, draft.kind)}: ${parsed.error}.`;
      }
    }
    if (firstProblem !== null) return;
    // An optional field of 0 (a dense layer's dropout) is left out of the spec.
    const value = (f: LayerField<LayerSpec>) => (f.optional ? values[f.draft as DraftField] || undefined : values[f.draft as DraftField]);
    layers.push(makeLayer(draft.kind, value, 'activation' in draft ? draft.activation : 'relu'));
  });

  if (firstProblem !== null) return { spec: null, fieldErrors, problem: firstProblem, plan: null };
  const spec: ModelSpec = { layers };
  const plan = analyzeSpec(spec, image);
  if (!plan.ok) return { spec: null, fieldErrors, problem: plan.error, plan: null };
  return { spec, fieldErrors, problem: null, plan: plan.value };
}

/** Whether every field parses, so `problem` (if any) is about the structure, not a field. */
export const fieldsAreValid = (check: DraftsCheck): boolean => Object.keys(check.fieldErrors).length === 0;

/**
 * The editor as seen by its host: the drafts, the spec prop it last showed, and the last spec it
 * emitted (null after emitting "invalid").
 */
export interface EditorSync {
  edit: SpecEditState;
  /** The last `spec` prop the editor saw. */
  source: ModelSpec;
  /** The last spec the editor passed to onChange, or null when it last reported a problem. */
  emitted: ModelSpec | null;
}

/** Editor state for a first render with `spec`. */
export function initialEditorSync(spec: ModelSpec): EditorSync {
  return { edit: initialSpecEdit(spec), source: spec, emitted: spec };
}

/**
 * Reconciles with a new `spec` prop. A spec equal to the one last seen changes nothing (hosts may
 * rebuild the object each render); one equal to the editor's own last emission is just recorded;
 * anything else (a preset picked elsewhere, a link) resets the drafts to it. Returns `sync` itself
 * when nothing changes.
 */
export function syncFromProp(sync: EditorSync, spec: ModelSpec): EditorSync {
  if (spec === sync.source || sameSpec(spec, sync.source)) return sync;
  if (sync.emitted !== null && sameSpec(spec, sync.emitted)) return { ...sync, source: spec };
  return { edit: specEdit(sync.edit, { type: 'load', spec }), source: spec, emitted: spec };
}

/** Applies an action and records what the editor will emit for it (checked for images of `image`). */
export function applyEdit(sync: EditorSync, action: SpecEditAction, image: ImageShape = MNIST_IMAGE_SHAPE): { sync: EditorSync; check: DraftsCheck } | null {
  const edit = specEdit(sync.edit, action);
  if (edit === sync.edit) return null;
  const check = draftsToSpec(edit.drafts, image);
  return { sync: { ...sync, edit, emitted: check.spec }, check };
}
