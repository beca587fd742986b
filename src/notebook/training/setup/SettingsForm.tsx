/** How the model learns: optimizer, learning rate, batch, epochs, subset, validation and seed, each checked as typed. */
import { memo, useId } from 'react';
import type { SettingsErrors, SettingsField, SettingsText } from '../../../model/settings';
import { FieldMessage } from './FieldMessage';
import { isFieldShown, randomSeedText, settingsRows, type SettingsRow } from './settings-form';
import './setup.css';

export interface SettingsFormProps {
  /** The fields as typed. */
  text: SettingsText;
  /** validateSettingsText's messages for `text` (its `model` message is the model editor's to show). */
  errors: SettingsErrors;
  onChange(field: SettingsField, value: string): void;
  /** While training: every control disabled. */
  disabled: boolean;
  /** Training images loaded: the subset's upper bound. */
  maxSubset: number;
  /** Test images loaded (default MNIST's 10,000), named in the validation choice. */
  testCount?: number;
}

/**
 * testids: train.settings.<field> for each SettingsField, train.settings.<field>.error for its
 * message, train.settings.seed.random for the random-seed button.
 */
export const SettingsForm = memo(function SettingsForm({ text, errors, onChange, disabled, maxSubset, testCount }: SettingsFormProps) {
  const baseId = useId();
  const rows = settingsRows(maxSubset, testCount).filter((row) => isFieldShown(row.field, text));
  return (
    <section className="settings-form" aria-labelledby={`${baseId}-title`}>
      <div className="setup-heading">
        <h3 id={`${baseId}-title`}>Training</h3>
      </div>
      <div className="settings-grid">
        {rows.map((row) => (
          <SettingsRowView key={row.field} row={row} id={`${baseId}-${row.field}`} value={text[row.field]} message={errors[row.field] ?? null} disabled={disabled} onChange={onChange} />
        ))}
      </div>
    </section>
  );
});

interface SettingsRowViewProps {
  row: SettingsRow;
  id: string;
  value: string;
  message: string | null;
  disabled: boolean;
  onChange(field: SettingsField, value: string): void;
}

function SettingsRowView({ row, id, value, message, disabled, onChange }: SettingsRowViewProps) {
  const { field, control } = row;
  const hintId = `${id}-hint`;
  const messageId = `${id}-msg`;
  const describedBy = [message ? messageId : null, row.hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value,
    disabled,
    'aria-invalid': message !== null,
    'aria-describedby': describedBy,
    'data-testid': `train.settings.${field}`,
  };
  return (
    <div className="settings-field">
      <label htmlFor={id}>{row.label}</label>
      <span className="settings-field__control">
        {control.type === 'select' ? (
          <select {...common} onChange={(e) => onChange(field, e.target.value)}>
            {control.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.text}
              </option>
            ))}
          </select>
        ) : (
          <input {...common} type="text" inputMode={control.inputMode} autoComplete="off" spellCheck={false} onChange={(e) => onChange(field, e.target.value)} />
        )}
        {field === 'seed' && (
          <button type="button" disabled={disabled} title="Put a random seed in" aria-label="Random seed" data-testid="train.settings.seed.random" onClick={() => onChange('seed', randomSeedText())}>
            Random
          </button>
        )}
        {row.hint && (
          <span id={hintId} className="muted settings-field__hint">
            {row.hint}
          </span>
        )}
      </span>
      <FieldMessage id={messageId} testId={`train.settings.${field}.error`} message={message} />
    </div>
  );
}
