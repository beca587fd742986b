/** The model's layer list, editable, with presets and a Keras-style summary computed without tfjs. */
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatCount } from '../../../lib/format';
import { PRESETS, presetOf, type PresetName } from '../../../model/presets';
import { ACTIVATIONS, MNIST_IMAGE_SHAPE, type Activation, type ImageShape, type ModelSpec } from '../../../model/spec';
import { FieldMessage } from './FieldMessage';
import {
  DRAFT_FIELDS,
  FIELD_RULES,
  LAYER_KINDS,
  applyEdit,
  canAddLayer,
  draftText,
  draftsToSpec,
  fieldKey,
  fieldsAreValid,
  initialEditorSync,
  syncFromProp,
  type DraftField,
  type DraftsCheck,
  type LayerDraft,
  type SpecEditAction,
} from './spec-edit';
import { summaryRows } from './summary';
import './setup.css';

export interface ModelEditorProps {
  /** The model to show. A spec that differs from the editor's own last onChange resets the layer list to it. */
  spec: ModelSpec;
  /** Called after every edit: the checked spec, or null with the reason (a field or the structure). */
  onChange(spec: ModelSpec | null, problem: string | null): void;
  /** While training: every control disabled, the summary still shown. */
  disabled: boolean;
  /** The dataset's image size (default MNIST's 28x28): the input row, the shapes and the checks follow it. */
  image?: ImageShape;
}

const PRESET_BUTTONS: readonly { name: PresetName; text: string; title: (pixels: number) => string }[] = [
  { name: 'dense', text: 'Dense', title: (pixels) => `${pixels} -> 128 relu -> 10 softmax` },
  { name: 'cnn', text: 'CNN', title: () => 'two conv + pool blocks and a dense head' },
];

/**
 * Presets, the layer list and the summary. testids: train.model.preset(.dense|.cnn|.custom),
 * train.model.layer (data-kind) with .units/.filters/.kernel/.pool/.rate/.dropout/.activation,
 * .error, .up, .down, .remove; train.model.add.<kind>; train.model.error; train.model.summary(.row);
 * train.model.params (data-params).
 */
export const ModelEditor = memo(function ModelEditor({ spec, onChange, disabled, image = MNIST_IMAGE_SHAPE }: ModelEditorProps) {
  const baseId = useId();
  const [stored, setStored] = useState(() => initialEditorSync(spec));
  // A new spec from outside (a link, a preset picked elsewhere) replaces the drafts during render,
  // React's pattern for state derived from a changed prop; echoes of our own onChange do not.
  const sync = syncFromProp(stored, spec);
  if (sync !== stored) setStored(sync);

  const drafts = sync.edit.drafts;
  const { rows, cols } = image;
  const shape = useMemo(() => ({ rows, cols }), [rows, cols]);
  const check = useMemo(() => draftsToSpec(drafts, shape), [drafts, shape]);
  const preset = check.spec ? presetOf(check.spec) : null;

  // Another dataset's image size checks the same layers anew (a CNN may not fit 12x12 images): tell the host.
  const checkedShape = useRef(shape);
  useEffect(() => {
    if (checkedShape.current === shape) return;
    checkedShape.current = shape;
    onChange(check.spec, check.problem);
  }, [shape, check, onChange]);

  const dispatch = (action: SpecEditAction) => {
    const result = applyEdit(sync, action, shape);
    if (!result) return;
    setStored(result.sync);
    onChange(result.check.spec, result.check.problem);
  };

  return (
    <section className="model-editor" aria-labelledby={`${baseId}-title`}>
      <div className="setup-heading">
        <h3 id={`${baseId}-title`}>Model</h3>
        <div className="setup-toggle" role="group" aria-label="Model preset" data-testid="train.model.preset" data-value={preset ?? 'custom'}>
          {PRESET_BUTTONS.map((p) => (
            <button
              key={p.name}
              type="button"
              className="setup-toggle__button"
              aria-pressed={preset === p.name}
              title={p.title(rows * cols)}
              disabled={disabled}
              data-testid={`train.model.preset.${p.name}`}
              onClick={() => dispatch({ type: 'load', spec: PRESETS[p.name] })}
            >
              {p.text}
            </button>
          ))}
          {preset === null && (
            <span className="setup-toggle__custom" data-testid="train.model.preset.custom" title="The layers differ from both presets">
              Custom
            </span>
          )}
        </div>
      </div>

      <ol className="layer-list" aria-label="Layers">
        {drafts.map((draft, index) => (
          <LayerRow
            key={draft.id}
            draft={draft}
            index={index}
            count={drafts.length}
            check={check}
            inputId={(field) => `${baseId}-${draft.id}-${field}`}
            disabled={disabled}
            dispatch={dispatch}
          />
        ))}
      </ol>

      <div className="layer-add" role="group" aria-label="Add a layer">
        <span className="muted">Add</span>
        {LAYER_KINDS.map((kind) => (
          <button key={kind} type="button" disabled={disabled || !canAddLayer(sync.edit)} data-testid={`train.model.add.${kind}`} onClick={() => dispatch({ type: 'add', kind })}>
            + {kind}
          </button>
        ))}
      </div>

      {fieldsAreValid(check) && check.problem && (
        <p className="setup-problem" role="alert" data-testid="train.model.error">
          {check.problem}
        </p>
      )}
      <Summary check={check} />
    </section>
  );
});

interface LayerRowProps {
  draft: LayerDraft;
  index: number;
  count: number;
  check: DraftsCheck;
  inputId(field: DraftField | 'activation'): string;
  disabled: boolean;
  dispatch(action: SpecEditAction): void;
}

function LayerRow({ draft, index, count, check, inputId, disabled, dispatch }: LayerRowProps) {
  const name = `layer ${index + 1} (${draft.kind})`;
  return (
    <li className="layer-row" data-testid="train.model.layer" data-kind={draft.kind}>
      <span className="layer-row__index">{index + 1}</span>
      <span className="layer-row__kind">{draft.kind}</span>
      <span className="layer-row__fields">
        {DRAFT_FIELDS[draft.kind].map((field) => {
          const id = inputId(field);
          const message = check.fieldErrors[fieldKey(draft.id, field)] ?? null;
          return (
            <span key={field} className="layer-field">
              <label htmlFor={id}>{FIELD_RULES[field].short}</label>
              <input
                id={id}
                type="text"
                inputMode={FIELD_RULES[field].whole ? 'numeric' : 'decimal'}
                autoComplete="off"
                spellCheck={false}
                style={{ width: `${FIELD_RULES[field].width + 2}ch` }}
                value={draftText(draft, field)}
                disabled={disabled}
                aria-label={`${FIELD_RULES[field].label}, ${name}`}
                aria-invalid={message !== null}
                aria-describedby={message ? `${id}-msg` : undefined}
                data-testid={`train.model.layer.${field}`}
                onChange={(e) => dispatch({ type: 'setField', id: draft.id, field, text: e.target.value })}
              />
              <FieldMessage id={`${id}-msg`} testId="train.model.layer.error" message={message} />
            </span>
          );
        })}
        {'activation' in draft && (
          <span className="layer-field">
            <select
              id={inputId('activation')}
              value={draft.activation}
              disabled={disabled}
              aria-label={`activation, ${name}`}
              data-testid="train.model.layer.activation"
              onChange={(e) => dispatch({ type: 'setActivation', id: draft.id, activation: e.target.value as Activation })}
            >
              {ACTIVATIONS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </span>
        )}
      </span>
      <span className="layer-row__actions">
        <button type="button" disabled={disabled || index === 0} aria-label={`Move ${name} up`} title="Move up" data-testid="train.model.layer.up" onClick={() => dispatch({ type: 'move', id: draft.id, by: -1 })}>
          ↑
        </button>
        <button type="button" disabled={disabled || index === count - 1} aria-label={`Move ${name} down`} title="Move down" data-testid="train.model.layer.down" onClick={() => dispatch({ type: 'move', id: draft.id, by: 1 })}>
          ↓
        </button>
        <button type="button" disabled={disabled} aria-label={`Remove ${name}`} title="Remove" data-testid="train.model.layer.remove" onClick={() => dispatch({ type: 'remove', id: draft.id })}>
          ✕
        </button>
      </span>
    </li>
  );
}

function Summary({ check }: { check: DraftsCheck }) {
  const rows = check.spec && check.plan ? summaryRows(check.spec, check.plan) : null;
  return (
    <table className="summary model-summary" data-testid="train.model.summary">
      <thead>
        <tr>
          <th scope="col">Layer</th>
          <th scope="col">Output shape</th>
          <th scope="col" className="num">
            Param #
          </th>
        </tr>
      </thead>
      <tbody>
        {rows ? (
          rows.map((row, i) => (
            <tr key={i} data-testid="train.model.summary.row" data-kind={row.kind}>
              <td>{row.name}</td>
              <td>{row.shape}</td>
              <td className="num">{row.paramsText}</td>
            </tr>
          ))
        ) : (
          <tr>
            <td colSpan={3} className="muted">
              {fieldsAreValid(check) ? 'Fix the layer list (see above) to see shapes and parameters.' : 'Fix the marked fields to see shapes and parameters.'}
            </td>
          </tr>
        )}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            Total params
          </th>
          <td className="num" data-testid="train.model.params" data-params={check.plan ? check.plan.totalParams : undefined}>
            {check.plan ? formatCount(check.plan.totalParams) : '—'}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
