import type { ChangeEvent } from 'react';
import { X_AXIS_MODES, X_AXIS_OPTIONS, type XAxisMode } from './series';

/** The x-axis picker the live charts and the runs comparison share: examples seen, epochs or wall time. */
export function XAxisPicker({ value, onChange, testId, className }: { value: XAxisMode; onChange(mode: XAxisMode): void; testId: string; className?: string }) {
  return (
    <label className={className}>
      x axis{' '}
      <select data-testid={testId} value={value} onChange={(e: ChangeEvent<HTMLSelectElement>) => onChange(e.target.value as XAxisMode)}>
        {X_AXIS_MODES.map((m) => (
          <option key={m} value={m}>
            {X_AXIS_OPTIONS[m]}
          </option>
        ))}
      </select>
    </label>
  );
}
