/**
 * The selected runs compared: a loss and an accuracy chart with one colour per run and a legend, over
 * examples seen, epochs or wall time, a hover reading every run's value at that x, a brush to zoom into a
 * range (double-click resets); for two runs, the settings they differ in, their per-class accuracy side by
 * side and the change in their confusion matrices.
 */
import { useMemo, useState } from 'react';
import { Brush, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { RunRecord } from '../../../model/run-record';
import { formatPercent } from '../../../lib/format';
import { formatLoss, formatX, type XAxisMode } from '../charts/series';
import { XAxisPicker } from '../charts/XAxisPicker';
import { confusionDiff, overlayRows, perClassComparison, settingsDiff, type CompareMetric } from './compare';

/** One colour per run, in selection order (Tableau 10: tells ten lines apart, colour-blind safe as far as 10 go). */
export const RUN_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Run i's colour: Tableau 10 for up to ten runs, past that hues a golden angle apart (no two runs share one). */
export function runColor(i: number, count: number): string {
  return count <= RUN_COLORS.length ? RUN_COLORS[i] : `hsl(${Math.round((i * 137.508) % 360)}, 62%, ${i % 2 ? 38 : 50}%)`;
}

const LOSS_METRICS: [CompareMetric, string][] = [
  ['batchLoss', 'loss per batch'],
  ['trainLoss', 'training loss per epoch'],
  ['valLoss', 'validation loss per epoch'],
];
const ACCURACY_METRICS: [CompareMetric, string][] = [
  ['valAccuracy', 'validation accuracy per epoch'],
  ['testAccuracy', 'test accuracy per epoch'],
  ['batchAccuracy', 'accuracy per batch'],
];

function CompareChart({ runs, metrics, xAxis, testId }: { runs: RunRecord[]; metrics: [CompareMetric, string][]; xAxis: XAxisMode; testId: string }) {
  const [metric, setMetric] = useState(metrics[0][0]);
  const [zoom, setZoom] = useState(0);
  const rows = useMemo(() => overlayRows(runs, metric, xAxis), [runs, metric, xAxis]);
  const accuracy = metric.endsWith('ccuracy');
  const format = (v: unknown) => (typeof v === 'number' ? (accuracy ? formatPercent(v, 2) : formatLoss(v)) : '–');
  const latest = runs.map((r) => {
    const last = [...rows].reverse().find((row) => row[r.id] !== null);
    return `${r.name}: ${last ? format(last[r.id]) : 'no data'}`;
  });
  return (
    <figure className="runs-chart" data-testid={testId} data-lines={runs.length} data-points={rows.length} onDoubleClick={() => setZoom((z) => z + 1)}>
      <figcaption>
        <select aria-label="What the chart shows" value={metric} onChange={(e) => setMetric(e.target.value as CompareMetric)} data-testid={`${testId}.metric`}>
          {metrics.map(([m, label]) => (
            <option key={m} value={m}>
              {label}
            </option>
          ))}
        </select>
        <span className="runs-hidden">{latest.join('; ')}</span>
      </figcaption>
      {rows.length === 0 ? (
        <p className="runs-empty">No {metrics.find(([m]) => m === metric)?.[1]} recorded for these runs.</p>
      ) : (
        <LineChart key={zoom} responsive style={{ width: '100%', height: 240 }} data={rows} margin={{ top: 8, right: 14, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6eb" />
          <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => formatX(v, xAxis)} fontSize={11} allowDataOverflow />
          <YAxis fontSize={11} width={52} tickFormatter={(v: number) => (accuracy ? formatPercent(v, 0) : formatLoss(v))} domain={accuracy ? ['auto', 'auto'] : [0, 'auto']} />
          <Tooltip labelFormatter={(v) => formatX(Number(v), xAxis)} formatter={(v) => format(v)} isAnimationActive={false} />
          {runs.map((r, i) => (
            <Line key={r.id} dataKey={r.id} name={r.name} stroke={runColor(i, runs.length)} dot={false} activeDot={runs.length <= 10 ? undefined : false} strokeWidth={1.8} isAnimationActive={false} connectNulls={false} />
          ))}
          <Brush dataKey="x" height={16} stroke="#9aa3af" tickFormatter={(v: number) => formatX(v, xAxis)} />
        </LineChart>
      )}
      {/* The legend under the plot, not in it: with 50 runs Recharts' own would take the plot's height. */}
      <ul className="runs-legend" aria-label="Runs in the chart">
        {runs.map((r, i) => (
          <li key={r.id} data-testid="runs.legend.item">
            <span className="runs-swatch" style={{ background: runColor(i, runs.length) }} aria-hidden="true" />
            {r.name}
          </li>
        ))}
      </ul>
    </figure>
  );
}

function Differences({ a, b }: { a: RunRecord; b: RunRecord }) {
  const settings = settingsDiff(a, b);
  const classes = perClassComparison(a, b);
  const confusion = confusionDiff(a, b);
  const pct = (x: number | null) => (x === null ? '–' : formatPercent(x, 1));
  return (
    <div className="runs-diff" data-testid="runs.diff">
      <div>
        <h4>Settings that differ</h4>
        {settings.length === 0 ? (
          <p className="runs-empty" data-testid="runs.diff.same">The same settings: any difference comes from the backend&apos;s arithmetic.</p>
        ) : (
          <table className="runs-table" data-testid="runs.diff.settings">
            <thead>
              <tr>
                <th scope="col">setting</th>
                <th scope="col" style={{ color: runColor(0, 2) }}>{a.name}</th>
                <th scope="col" style={{ color: runColor(1, 2) }}>{b.name}</th>
              </tr>
            </thead>
            <tbody>
              {settings.map((d) => (
                <tr key={d.field} data-testid="runs.diff.setting" data-field={d.field}>
                  <th scope="row">{d.label}</th>
                  <td>{d.a}</td>
                  <td>{d.b}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div>
        <h4>Per-class test accuracy</h4>
        <table className="runs-table" data-testid="runs.diff.classes">
          <thead>
            <tr>
              <th scope="col">digit</th>
              <th scope="col" className="num">first</th>
              <th scope="col" className="num">second</th>
              <th scope="col" className="num">change</th>
            </tr>
          </thead>
          <tbody>
            {classes.map((c) => (
              <tr key={c.digit}>
                <th scope="row">{c.digit}</th>
                <td className="num">{pct(c.a)}</td>
                <td className="num">{pct(c.b)}</td>
                <td className={`num ${c.change === null || c.change === 0 ? '' : c.change > 0 ? 'better' : 'worse'}`}>{c.change === null ? '–' : `${c.change > 0 ? '+' : ''}${(c.change * 100).toFixed(1)} pt`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {confusion && (
        <div>
          <h4>Confusion change (second − first)</h4>
          <table className="runs-confusion" data-testid="runs.diff.confusion" aria-label="Change in the confusion matrix: rows are true digits, columns predicted">
            <thead>
              <tr>
                <th scope="col">true \ pred</th>
                {confusion.map((_, j) => (
                  <th key={j} scope="col">
                    {j}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {confusion.map((row, i) => (
                <tr key={i}>
                  <th scope="row">{i}</th>
                  {row.map((v, j) => (
                    // On the diagonal more is better; off it, more mistakes are worse.
                    <td key={j} className={v === 0 ? '' : (v > 0) === (i === j) ? 'better' : 'worse'}>
                      {v === 0 ? '·' : `${v > 0 ? '+' : ''}${v}`}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export default function RunsCompare({ runs }: { runs: RunRecord[] }) {
  const [xAxis, setXAxis] = useState<XAxisMode>('examples');
  return (
    <section className="runs-compare" data-testid="runs.compare" aria-label="The selected runs compared">
      <div className="runs-compare-head">
        <strong>
          {runs.length} run{runs.length === 1 ? '' : 's'} compared
        </strong>
        <XAxisPicker testId="runs.compare.x" value={xAxis} onChange={setXAxis} />
        <span className="runs-hint">Drag the bar under a chart to zoom; double-click resets.</span>
      </div>
      <div className="runs-charts">
        <CompareChart runs={runs} metrics={LOSS_METRICS} xAxis={xAxis} testId="runs.chart.loss" />
        <CompareChart runs={runs} metrics={ACCURACY_METRICS} xAxis={xAxis} testId="runs.chart.accuracy" />
      </div>
      {runs.length === 2 && <Differences a={runs[0]} b={runs[1]} />}
    </section>
  );
}
