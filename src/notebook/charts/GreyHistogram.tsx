/** 256 bars, one per grey level, with the count at 0 and at 255 and both scales (0..255 and 0..1) on the axis. */
import { memo } from 'react';
import { formatCount } from '../../lib/format';
import './charts.css';

const W = 512;
const H = 90;

export interface GreyHistogramProps {
  title: string;
  counts: Float64Array;
  logScale: boolean;
  testId: string;
}

export const GreyHistogram = memo(function GreyHistogram({ title, counts, logScale, testId }: GreyHistogramProps) {
  const total = counts.reduce((a, b) => a + b, 0);
  const height = (c: number) => (logScale ? Math.log10(1 + c) : c);
  const peak = Math.max(1e-9, ...Array.from(counts, height));
  const share = (c: number) => (total > 0 ? `${((100 * c) / total).toFixed(1)}%` : '-');
  const mid = counts.slice(1, 255).reduce((a, b) => a + b, 0);
  return (
    <figure className="grey-histogram" data-testid={testId} data-total={total} data-zero={counts[0]} data-full={counts[255]}>
      <figcaption>
        <span className="grey-title">{title}</span>: {formatCount(total)} pixels; 0 (black): {formatCount(counts[0])} ({share(counts[0])}), 1-254: {formatCount(mid)} ({share(mid)}), 255 (white): {formatCount(counts[255])} ({share(counts[255])})
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`${title}: ${share(counts[0])} of the pixels are 0, ${share(counts[255])} are 255`}>
        {Array.from(counts, (c, v) => {
          const h = (height(c) / peak) * (H - 2);
          return c > 0 ? (
            <rect key={v} x={v * 2} y={H - h} width={2} height={h} className="grey-bar" data-level={v} data-count={c}>
              <title>{`${v} (${(v / 255).toFixed(2)}): ${formatCount(c)} pixels (${share(c)})`}</title>
            </rect>
          ) : null;
        })}
      </svg>
      <div className="grey-axis">
        <span>0 (0.0)</span>
        <span>128 (0.50)</span>
        <span>255 (1.0)</span>
      </div>
    </figure>
  );
});
