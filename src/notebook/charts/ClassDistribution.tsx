/** Images per digit in the training and test splits, side by side, as counts or as share of each split. */
import { memo, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '../../lib/format';
import { DistributionTooltip } from './DistributionTooltip';
import { distributionRows, extremes, percentOf, total, type ClassCounts } from './distribution';
import '../renderers/renderers.css';
import './charts.css';

export interface ClassDistributionProps {
  counts: ClassCounts;
  /** A name per label (e.g. Fashion-MNIST's) for the axis and captions, or null for the digits. */
  classNames?: readonly string[] | null;
  /** Chart height in CSS px. */
  height?: number;
  testId?: string;
}

type Mode = 'count' | 'percent';

/** Matplotlib's first two colours, as a Jupyter reader expects. */
export const SPLIT_COLORS = { train: '#1f77b4', test: '#ff7f0e' } as const;

/** Percent mode puts the 6x smaller test split on the same footing as train. */
export const ClassDistribution = memo(function ClassDistribution({ counts, classNames = null, height = 280, testId = 'cell.stats.chart' }: ClassDistributionProps) {
  const [mode, setMode] = useState<Mode>('count');
  const rows = useMemo(() => distributionRows(counts, classNames), [counts, classNames]);
  const named = (d: number) => (classNames ? `${d} (${classNames[d]})` : String(d));
  const trainTotal = total(counts.train);
  const testTotal = total(counts.test);
  const ext = extremes(counts.train);
  const percent = mode === 'percent';

  return (
    <figure className="nb-chart" data-testid={testId} data-mode={mode}>
      <div className="nb-chart__bar">
        <figcaption className="nb-chart__caption">
          {ext && trainTotal > 0 && (
            <>
              Most common in train: <b>{named(ext.most)}</b> ({percentOf(counts.train[ext.most], trainTotal).toFixed(1)}%); least:{' '}
              <b>{named(ext.least)}</b> ({percentOf(counts.train[ext.least], trainTotal).toFixed(1)}%).
            </>
          )}
        </figcaption>
        <div className="nb-toggle" role="group" aria-label="Bar heights">
          {(['count', 'percent'] as const).map((m) => (
            <button key={m} type="button" className="nb-toggle__button" aria-pressed={mode === m} data-mode={m} onClick={() => setMode(m)}>
              {m === 'count' ? 'images' : '% of split'}
            </button>
          ))}
        </div>
      </div>
      <BarChart
        responsive
        style={{ width: '100%', height }}
        data={rows}
        margin={{ top: 8, right: 12, bottom: 22, left: 12 }}
        barGap={2}
        barCategoryGap="18%"
        accessibilityLayer
      >
        <CartesianGrid vertical={false} stroke="#e6e6e6" />
        <XAxis
          dataKey="digit"
          tickLine={false}
          interval={0}
          tick={{ fontSize: classNames ? 10 : 12 }}
          label={{ value: classNames ? 'label' : 'digit (label)', position: 'insideBottom', offset: -14, fill: '#555', fontSize: 12 }}
        />
        <YAxis
          width={56}
          tickFormatter={(v: number) => (percent ? `${v}%` : formatCount(v))}
          label={{ value: percent ? '% of split' : 'images', angle: -90, position: 'insideLeft', offset: 0, fill: '#555', fontSize: 12, style: { textAnchor: 'middle' } }}
        />
        <Tooltip content={DistributionTooltip} cursor={{ fill: 'rgba(0, 0, 0, 0.05)', stroke: 'none' }} isAnimationActive={false} />
        <Legend verticalAlign="top" height={26} iconType="square" itemSorter={null} wrapperStyle={{ fontSize: 12 }} />
        <Bar
          dataKey={percent ? 'trainPct' : 'train'}
          name={`train (${formatCount(trainTotal)})`}
          fill={SPLIT_COLORS.train}
          isAnimationActive={false}
        />
        <Bar dataKey={percent ? 'testPct' : 'test'} name={`test (${formatCount(testTotal)})`} fill={SPLIT_COLORS.test} isAnimationActive={false} />
      </BarChart>
    </figure>
  );
});
