/** Switch between stored uint8 values (0..255) and the network's view (divided by 255). */
import type { PixelScale } from './types';
import './renderers.css';

export interface ScaleToggleProps {
  value: PixelScale;
  onChange: (scale: PixelScale) => void;
  testId?: string;
}

const OPTIONS: readonly { scale: PixelScale; text: string; title: string }[] = [
  { scale: 'int', text: '0..255', title: 'uint8 values as stored in the dataset' },
  { scale: 'unit', text: '0..1', title: 'values / 255, as a network is usually fed them' },
];

/** Two pressed-state buttons; each carries `data-scale` ('int' | 'unit') for tests. */
export function ScaleToggle({ value, onChange, testId = 'cell.pixels.scale' }: ScaleToggleProps) {
  return (
    <div className="nb-toggle" role="group" aria-label="Pixel value scale" data-testid={testId} data-value={value}>
      {OPTIONS.map((o) => (
        <button
          key={o.scale}
          type="button"
          className="nb-toggle__button"
          aria-pressed={value === o.scale}
          data-scale={o.scale}
          title={o.title}
          onClick={() => onChange(o.scale)}
        >
          {o.text}
        </button>
      ))}
    </div>
  );
}
