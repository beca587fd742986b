/** Live loss and accuracy curves while a model trains: per batch (raw and smoothed) and per epoch. */
import { memo, useId, useMemo, useRef, useState, type ChangeEvent, type PointerEvent, type ReactNode } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, XAxis, YAxis } from 'recharts';
import {
  X_AXIS_LABELS,
  downsampleBatches,
  epochRows,
  formatAccuracy,
  formatLoss,
  formatX,
  lrMarkerLabel,
  lrMarkerSentence,
  maxX,
  niceCeil,
  timeTicks,
  xOf,
  type BatchRow,
  type EpochRow,
  type XAxisMode,
} from './series';
import type { BatchSeries, EpochPoint, LrMarker } from '../../../model/run-history';
import { XAxisPicker } from './XAxisPicker';
import './charts.css';

export interface TrainingChartsProps {
  /** Mutated in place by the owner; re-render happens when batches.version changes. */
  batches: BatchSeries;
  /** batches.version at render time, so memo sees a change the mutated object hides. */
  version: number;
  epochs: readonly EpochPoint[];
  lrChanges: readonly LrMarker[];
  xAxis: XAxisMode;
  onXAxisChange(mode: XAxisMode): void;
  smoothing: number;
  onSmoothingChange(weight: number): void;
  /** 'validation' or 'test': what the per-epoch held-out points were measured on. */
  valLabel: string;
}

/** Per chart: ~600 px of plot width gains nothing from more points, and SVG paths stay cheap to redraw. */
export const MAX_CHART_POINTS = 600;
export const CHART_HEIGHT = 240;
export const SMOOTHING_MAX = 0.99;

/** Batch curves share a hue (raw faint, smoothed strong, as in TensorBoard); epochs stand apart. */
export const TRAINING_COLORS = { batch: '#1f77b4', epochTrain: '#0b3d6b', epochVal: '#ff7f0e', marker: '#8a8f98' } as const;

type Metric = 'loss' | 'accuracy';

const METRIC = {
  loss: { title: 'Loss', raw: 'loss', smooth: 'lossSmooth', train: 'trainLoss', val: 'valLoss', testId: 'train.chart.loss' },
  accuracy: { title: 'Accuracy', raw: 'accuracy', smooth: 'accuracySmooth', train: 'trainAccuracy', val: 'valAccuracy', testId: 'train.chart.accuracy' },
} as const satisfies Record<Metric, { raw: keyof BatchRow; smooth: keyof BatchRow; train: keyof EpochRow; val: keyof EpochRow } & Record<string, string>>;

const ACCURACY_TICKS = [0, 0.25, 0.5, 0.75, 1];
const formatAccuracyTick = (v: number) => formatAccuracy(v, 0);
const formatLossTick = (v: number) => formatLoss(v);

/** The two charts, their controls, a shared legend and the learning-rate changes as text. */
export const TrainingCharts = memo(function TrainingCharts({
  batches,
  version,
  epochs,
  lrChanges,
  xAxis,
  onXAxisChange,
  smoothing,
  onSmoothingChange,
  valLabel,
}: TrainingChartsProps) {
  const ids = useId();
  // The series is mutated in place, so `version` is the change key; downsampling reads the whole
  // series (O(n), with the EMA cached on the series) at most once per render.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `batches` keeps its identity as it grows; only `version` says it changed.
  const rows = useMemo(() => downsampleBatches(batches, xAxis, MAX_CHART_POINTS, smoothing), [batches, version, xAxis, smoothing]);
  const epochData = useMemo(() => epochRows(epochs, xAxis), [epochs, xAxis]);
  const empty = batches.length === 0 && epochs.length === 0;
  const last = rows.length > 0 ? rows[rows.length - 1] : null;
  const lastEpoch = epochData.length > 0 ? epochData[epochData.length - 1] : null;
  // The x range shown: all of it, or the range dragged across on either chart (double-click or Reset shows all again).
  const end = xAxis === 'time' ? (timeTicks(maxX(rows, epochData, lrChanges, xAxis)).at(-1) ?? 1) : niceCeil(maxX(rows, epochData, lrChanges, xAxis));
  const [zoomed, setZoomed] = useState<{ axis: XAxisMode; from: number; to: number } | null>(null);
  const zoom = zoomed && zoomed.axis === xAxis ? zoomed : null;
  const domain: [number, number] = zoom ? [zoom.from, zoom.to] : [0, end];
  const onZoom = (from: number, to: number) => setZoomed({ axis: xAxis, from, to });

  return (
    <section className="train-charts" data-xaxis={xAxis}>
      <div className="train-charts__bar">
        <XAxisPicker className="train-charts__control" testId="train.chart.xaxis" value={xAxis} onChange={onXAxisChange} />
        <label className="train-charts__control">
          smoothing{' '}
          <input
            type="range"
            data-testid="train.chart.smoothing"
            min={0}
            max={SMOOTHING_MAX}
            step={0.01}
            value={smoothing}
            aria-describedby={`${ids}-smoothing`}
            onChange={(e: ChangeEvent<HTMLInputElement>) => onSmoothingChange(Number(e.target.value))}
          />
          <output id={`${ids}-smoothing`} className="train-charts__value">
            {smoothing.toFixed(2)}
          </output>
        </label>
        <Legend valLabel={valLabel} />
        {zoom && (
          <button type="button" className="train-charts__reset" data-testid="train.chart.zoom-reset" onClick={() => setZoomed(null)}>
            Show all ({formatX(zoom.from, xAxis)}–{formatX(zoom.to, xAxis)} shown)
          </button>
        )}
      </div>

      <div className="train-charts__grid">
        {(['loss', 'accuracy'] as const).map((metric) => (
          <figure key={metric} className="train-chart" data-testid={METRIC[metric].testId} data-points={batches.length} data-epochs={epochs.length} data-zoom={zoom ? `${zoom.from},${zoom.to}` : 'all'}>
            <figcaption className="train-chart__caption">
              <b>{METRIC[metric].title}</b>
              <Latest metric={metric} last={last} lastEpoch={lastEpoch} valLabel={valLabel} />
            </figcaption>
            {empty ? (
              <div className="train-chart__placeholder" style={{ height: CHART_HEIGHT }} />
            ) : (
              <ZoomArea domain={domain} onZoom={onZoom} onReset={() => setZoomed(null)}>
                <MetricChart metric={metric} rows={rows} epochData={epochData} lrChanges={lrChanges} xAxis={xAxis} valLabel={valLabel} domain={domain} zoomed={zoom !== null} />
              </ZoomArea>
            )}
          </figure>
        ))}
        {empty && (
          <p className="train-charts__empty" data-testid="train.chart.empty">
            Press Train: the curves appear here as batches finish.
          </p>
        )}
      </div>

      {lrChanges.length > 0 && (
        <ul className="train-charts__markers">
          {lrChanges.map((m, i) => (
            <li key={i} data-testid="train.chart.lr-marker">
              {lrMarkerSentence(m, xAxis)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});

/** The plot's left and right edges inside the chart (the margins and the y axis's width below). */
const PLOT_LEFT = 4 + 52;
const PLOT_RIGHT = 14;

/** A drag across a chart selects an x range to zoom into (shown as a band while dragging); a double-click shows all. */
function ZoomArea({ domain, onZoom, onReset, children }: { domain: [number, number]; onZoom(from: number, to: number): void; onReset(): void; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null);
  const at = (e: PointerEvent) => e.clientX - (box.current?.getBoundingClientRect().left ?? 0);
  const toData = (px: number) => {
    const width = (box.current?.clientWidth ?? 0) - PLOT_LEFT - PLOT_RIGHT;
    const f = Math.min(1, Math.max(0, (px - PLOT_LEFT) / Math.max(1, width)));
    return domain[0] + f * (domain[1] - domain[0]);
  };
  return (
    <div
      ref={box}
      className="train-chart__zoom"
      data-testid="train.chart.zoom"
      onPointerDown={(e) => e.button === 0 && setDrag({ x0: at(e), x1: at(e) })}
      onPointerMove={(e) => drag && setDrag({ ...drag, x1: at(e) })}
      onPointerUp={() => {
        if (drag && Math.abs(drag.x1 - drag.x0) > 6) onZoom(toData(Math.min(drag.x0, drag.x1)), toData(Math.max(drag.x0, drag.x1)));
        setDrag(null);
      }}
      onPointerLeave={() => setDrag(null)}
      onDoubleClick={onReset}
    >
      {children}
      {drag && <div className="train-chart__band" style={{ left: Math.min(drag.x0, drag.x1), width: Math.abs(drag.x1 - drag.x0) }} />}
    </div>
  );
}

interface MetricChartProps {
  domain: [number, number];
  /** A range is shown: curves are cut at its ends. */
  zoomed: boolean;
  metric: Metric;
  rows: readonly BatchRow[];
  epochData: readonly EpochRow[];
  lrChanges: readonly LrMarker[];
  xAxis: XAxisMode;
  valLabel: string;
}

/** One chart; each series carries its own data array on the shared numeric x axis. */
const MetricChart = memo(function MetricChart({ metric, rows, epochData, lrChanges, xAxis, valLabel, domain, zoomed }: MetricChartProps) {
  const m = METRIC[metric];
  const accuracy = metric === 'accuracy';
  const xTicks = useMemo(() => (xAxis === 'time' && !zoomed ? timeTicks(maxX(rows, epochData, lrChanges, xAxis)) : undefined), [rows, epochData, lrChanges, xAxis, zoomed]);
  return (
    <LineChart responsive style={{ width: '100%', height: CHART_HEIGHT }} margin={{ top: 18, right: 14, bottom: 22, left: 4 }} accessibilityLayer>
      <CartesianGrid stroke="#e6e6e6" />
      <XAxis
        type="number"
        dataKey="x"
        domain={domain}
        allowDataOverflow={zoomed}
        ticks={xTicks}
        tickFormatter={(v: number) => formatX(v, xAxis)}
        tickLine={false}
        label={{ value: X_AXIS_LABELS[xAxis], position: 'insideBottom', offset: -14, fill: '#555', fontSize: 12 }}
      />
      <YAxis
        type="number"
        width={52}
        domain={accuracy ? [0, 1] : [0, 'auto']}
        ticks={accuracy ? ACCURACY_TICKS : undefined}
        allowDataOverflow={accuracy}
        tickFormatter={accuracy ? formatAccuracyTick : formatLossTick}
      />
      {lrChanges.map((marker, i) => (
        <ReferenceLine
          key={i}
          x={xOf(marker, xAxis)}
          stroke={TRAINING_COLORS.marker}
          strokeDasharray="4 3"
          ifOverflow="extendDomain"
          // Loss falls and accuracy climbs: the label goes where the curve is not.
          label={{ value: lrMarkerLabel(marker), position: accuracy ? 'insideBottomLeft' : 'insideTopLeft', fill: '#555', fontSize: 11 }}
        />
      ))}
      <Line
        data={rows}
        dataKey={m.raw}
        name="batch"
        stroke={TRAINING_COLORS.batch}
        strokeOpacity={0.25}
        strokeWidth={1}
        dot={false}
        activeDot={false}
        isAnimationActive={false}
      />
      <Line data={rows} dataKey={m.smooth} name="batch, smoothed" stroke={TRAINING_COLORS.batch} strokeWidth={2} dot={false} activeDot={false} isAnimationActive={false} />
      <Line
        data={epochData}
        dataKey={m.train}
        name="training, per epoch"
        stroke={TRAINING_COLORS.epochTrain}
        strokeWidth={1.5}
        strokeDasharray="5 3"
        dot={{ r: 3, fill: TRAINING_COLORS.epochTrain }}
        isAnimationActive={false}
      />
      <Line
        data={epochData}
        dataKey={m.val}
        name={`${valLabel}, per epoch`}
        stroke={TRAINING_COLORS.epochVal}
        strokeWidth={1.5}
        dot={{ r: 3, fill: TRAINING_COLORS.epochVal }}
        isAnimationActive={false}
      />
    </LineChart>
  );
});

/** One HTML legend for both charts: Recharts' per-chart legend would repeat it and reflow the plots. */
function Legend({ valLabel }: { valLabel: string }) {
  return (
    <ul className="train-charts__legend" data-testid="train.chart.legend" aria-label="Legend">
      <li>
        <span className="train-swatch train-swatch--raw" />
        batch
      </li>
      <li>
        <span className="train-swatch train-swatch--smooth" />
        batch, smoothed
      </li>
      <li>
        <span className="train-swatch train-swatch--epoch-train" />
        training, per epoch
      </li>
      <li>
        <span className="train-swatch train-swatch--epoch-val" />
        {valLabel}, per epoch
      </li>
    </ul>
  );
}

/** The latest numbers, since there is no tooltip to read them from a moving curve. */
function Latest({ metric, last, lastEpoch, valLabel }: { metric: Metric; last: BatchRow | null; lastEpoch: EpochRow | null; valLabel: string }) {
  const format = metric === 'accuracy' ? (v: number) => formatAccuracy(v, 2) : formatLoss;
  const m = METRIC[metric];
  const raw = last?.[m.raw] ?? null;
  const smooth = last?.[m.smooth] ?? null;
  const val = lastEpoch?.[m.val] ?? null;
  if (raw === null && smooth === null && val === null) return null;
  return (
    <span className="train-chart__latest">
      {raw !== null && <> batch {format(raw)}</>}
      {smooth !== null && <> · smoothed {format(smooth)}</>}
      {val !== null && lastEpoch && (
        <>
          {' '}
          · {valLabel} {format(val)} (epoch {lastEpoch.epoch})
        </>
      )}
    </span>
  );
}
