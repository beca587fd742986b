/** Tooltip of the class-distribution chart: both splits' count and share for the hovered digit. */
import type { TooltipContentProps } from 'recharts';
import { formatCount } from '../../lib/format';
import type { DistributionRow } from './distribution';
import './charts.css';

/** Recharts `content` renderer; reads the hovered row from the payload. */
export function DistributionTooltip({ active, payload }: Pick<TooltipContentProps, 'active' | 'payload'>) {
  const row = payload?.[0]?.payload as DistributionRow | undefined;
  if (!active || !row) return null;
  return (
    <div className="nb-chart-tooltip">
      <div className="nb-chart-tooltip__title">{/^\d+$/.test(row.digit) ? 'digit' : 'label'} {row.digit}</div>
      <div>
        <i className="nb-swatch nb-swatch--train" /> train {formatCount(row.train)} <span>({row.trainPct.toFixed(2)}%)</span>
      </div>
      <div>
        <i className="nb-swatch nb-swatch--test" /> test {formatCount(row.test)} <span>({row.testPct.toFixed(2)}%)</span>
      </div>
    </div>
  );
}
