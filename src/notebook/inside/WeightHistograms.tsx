/** Each weight tensor's distribution per epoch as small multiples: older epochs fainter, one x range per tensor. */
import { memo } from 'react';
import type { WeightHistogram } from '../../model/weight-views';
import type { WeightEpoch } from '../services/weight-watch';

const W = 220;
const H = 64;

/** Polyline points of one histogram on the x range [lo, hi], its tallest bin at the top. */
function outline(h: WeightHistogram, lo: number, hi: number): string {
  const peak = Math.max(1, ...h.counts);
  const span = hi - lo || 1;
  const width = (h.max - h.min) / h.counts.length;
  return h.counts
    .map((c, k) => {
      const x = ((h.min + (k + 0.5) * width - lo) / span) * W;
      return `${x.toFixed(1)},${(H - (c / peak) * (H - 4)).toFixed(1)}`;
    })
    .join(' ');
}

const Multiple = memo(function Multiple({ name, series }: { name: string; series: { epoch: number; h: WeightHistogram }[] }) {
  const lo = Math.min(...series.map((s) => s.h.min));
  const hi = Math.max(...series.map((s) => s.h.max));
  const first = series[0];
  const last = series[series.length - 1];
  const blown = last.h.nonFinite > 0;
  return (
    <figure className={`inside-histogram${blown ? ' blown' : ''}`} data-testid="inside.histogram" data-name={name}>
      <figcaption>
        <code>{name}</code> {last.h.shape.join('x')}
        <br />
        std {series.length > 1 ? `${first.h.std.toPrecision(2)} (epoch ${first.epoch}) → ` : ''}
        {last.h.std.toPrecision(2)}
        {last.epoch > 0 ? ` (epoch ${last.epoch})` : ''}
        {blown ? `, ${last.h.nonFinite} not finite` : ''}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`${name}: values from ${lo.toPrecision(2)} to ${hi.toPrecision(2)}, std ${last.h.std.toPrecision(2)}`}>
        {series.map((s, i) => (
          <polyline key={s.epoch} points={outline(s.h, lo, hi)} className="inside-histogram-line" opacity={(i + 1) / series.length} />
        ))}
      </svg>
      <div className="inside-histogram-axis">
        <span>{lo.toPrecision(2)}</span>
        <span>{hi.toPrecision(2)}</span>
      </div>
    </figure>
  );
});

/** `history` (oldest first; shown: the last `shown` epochs), or the current weights' histograms alone when there is no history. */
export function WeightHistograms({ history, current, shown = 6 }: { history: WeightEpoch[]; current: WeightHistogram[]; shown?: number }) {
  const epochs = history.length > 0 ? history.slice(-shown) : [{ epoch: 0, histograms: current }];
  const names = epochs[epochs.length - 1].histograms.map((h) => h.name);
  return (
    <div className="inside-histograms" data-testid="inside.histograms">
      {names.map((name) => (
        <Multiple key={name} name={name} series={epochs.flatMap((e) => e.histograms.filter((h) => h.name === name).map((h) => ({ epoch: e.epoch, h })))} />
      ))}
    </div>
  );
}
