/** Every layer's output for the current sample, one column per layer, left to right: feature maps, unit strips, the probabilities. */
import { memo, useEffect, useMemo, useState } from 'react';
import type { LayerActivation } from '../../model/activations';
import { IMAGE_SIZE, SPLIT_VARIABLES, type SplitName } from '../../data/format';
import { createLatestRunner } from '../draw/latest';
import { useDrawService } from '../hooks/useDrawService';
import type { PadImage } from '../services/pad-store';
import { stepOf } from '../registry';
import { useDatasetSource } from '../hooks/useDatasetSource';
import { useImages } from '../hooks/useImages';
import { useTrainingService } from '../hooks/useTrainingService';
import { Thumbnail } from '../renderers/Thumbnail';
import { featureMap, valueRange } from './activation-maps';

/** The user-timing measure from a sample change to its activations being shown (read by e2e tests and the bench). */
export const ACTIVATIONS_MEASURE = 'mnist:activations';

/** Units per row when a dense layer's output is drawn as a grid of cells. */
const VECTOR_COLUMNS = 16;

const Column = memo(function Column({ a, last }: { a: LayerActivation; last: boolean }) {
  const range = useMemo(() => valueRange(a.values), [a.values]);
  const sum = a.values.reduce((s, v) => s + v, 0);
  let body;
  if (a.shape.length === 3) {
    const [h, w, channels] = a.shape;
    const zoom = Math.max(1, Math.round((channels > 16 ? 20 : 36) / w));
    body = (
      <div className={`inside-maps${channels > 16 ? ' wide' : ''}`}>
        {Array.from({ length: channels }, (_, c) => (
          <Thumbnail key={c} pixels={featureMap(a.values, a.shape, c, range.lo, range.hi)} rows={h} cols={w} zoom={zoom} testId="inside.map" label={`${a.name}, channel ${c}`} />
        ))}
      </div>
    );
  } else if (last && a.values.length <= 10) {
    const top = a.values.indexOf(Math.max(...a.values));
    body = (
      <ol className="inside-probabilities" start={0}>
        {Array.from(a.values, (p, digit) => (
          <li key={digit} className={digit === top ? 'top' : ''}>
            <span className="digit">{digit}</span>
            <span className="bar" style={{ width: `${Math.round(p * 100)}%` }} />
            <span className="value">{(p * 100).toFixed(1)}%</span>
          </li>
        ))}
      </ol>
    );
  } else if (a.kind === 'Flatten') {
    body = <p className="inside-flat">the maps before it, in one row of {a.values.length}</p>;
  } else {
    // A vector: one cell per unit in rows of 16, brighter for a larger value.
    const n = a.values.length;
    const cols = Math.min(VECTOR_COLUMNS, n);
    const rows = Math.ceil(n / cols);
    const grey = new Uint8ClampedArray(rows * cols);
    grey.set(featureMap(a.values, [n, 1, 1], 0, range.lo, range.hi));
    body = <Thumbnail pixels={grey} rows={rows} cols={cols} zoom={6} testId="inside.units" label={`${a.name}: ${n} units, brighter for larger`} />;
  }
  return (
    <figure className="inside-activation" data-testid="inside.activation" data-kind={a.kind} data-sum={sum.toFixed(4)}>
      <figcaption>
        {a.kind}
        <br />
        <span className="inside-shape">{a.shape.join('x')}</span>
      </figcaption>
      {body}
    </figure>
  );
});

type Shown = { key: string; acts: LayerActivation[] | null; note?: string };

/**
 * The current sample through the current model, or the pad's drawing (`showDrawing`; the learner can
 * switch); recomputed when the sample, the drawing or the weights (`weightsVersion`) change.
 */
export interface ActivationsProps {
  split: SplitName;
  index: number;
  weightsVersion: unknown;
  /** The pad's latest drawing, or null. */
  pad: PadImage | null;
  /** Whether the drawing is shown rather than the sample (it was picked last). */
  showDrawing: boolean;
  onShowDrawing(show: boolean): void;
}

export function Activations({ split, index, weightsVersion, pad, showDrawing, onShowDrawing }: ActivationsProps) {
  const training = useTrainingService();
  const draw = useDrawService();
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sample = useImages(split, index, index + 1);
  const { rows, cols } = useDatasetSource();
  const key = `${split}:${index}`;
  const showing = showDrawing && pad ? 'drawing' : 'sample';

  // While drawing, a drawing arrives per animation frame: at most one computation runs, the latest drawing next.
  const [drawingRunner] = useState(() =>
    createLatestRunner(
      (p: { image: PadImage; start: number }) => draw.activations(p.image.pixels),
      (r, p) => {
        const k = `drawing:${p.image.version}`;
        if (r.kind === 'error') return setError(`the layers' outputs could not be computed: ${r.message}`);
        setError(null);
        setShown(r.kind === 'ok' ? { key: k, acts: r.layers } : { key: k, acts: null, note: r.kind === 'unfit' ? r.message : 'There is no model to read the drawing.' });
        requestAnimationFrame(() => performance.measure(ACTIVATIONS_MEASURE, { start: p.start, end: performance.now(), detail: 'drawing' }));
      },
    ),
  );
  useEffect(() => () => drawingRunner.cancel(), [drawingRunner]);

  useEffect(() => {
    if (showing === 'drawing') {
      if (pad) drawingRunner.run({ image: pad, start: performance.now() });
      return;
    }
    drawingRunner.cancel();
    let current = true;
    const start = performance.now();
    training.activations(split, index).then(
      (acts) => {
        if (!current) return;
        setShown({ key, acts });
        setError(null);
        requestAnimationFrame(() => performance.measure(ACTIVATIONS_MEASURE, { start, end: performance.now(), detail: key }));
      },
      (e: Error) => current && setError(`the layers' outputs could not be computed: ${e.message}`),
    );
    return () => {
      current = false;
    };
  }, [training, drawingRunner, showing, pad, split, index, key, weightsVersion]);

  const fromDrawing = shown?.key.startsWith('drawing') ?? false;
  const switcher = pad && (
    <p className="inside-source" data-testid="inside.source">
      Showing {fromDrawing ? 'your drawing (cell ' + stepOf('draw') + ')' : <code>{SPLIT_VARIABLES[split].images}[{index}]</code>}.{' '}
      <button type="button" onClick={() => onShowDrawing(!fromDrawing)} data-testid="inside.source.switch">
        {fromDrawing ? `Show ${SPLIT_VARIABLES[split].images}[${index}]` : 'Show your drawing'}
      </button>
    </p>
  );
  if (error) return <p className="field-error">{error}</p>;
  if (!shown) return <p className="pending">running the sample through every layer…</p>;
  if (!shown.acts) return (
    <>
      {switcher}
      <p className="pending">{shown.note ?? 'This model is not a chain of layers (or its input does not fit this dataset), so its layers\' outputs are not shown.'}</p>
    </>
  );
  const inputLabel = fromDrawing ? 'your drawing' : shown.key.replace(':', ' ');
  const inputPixels = fromDrawing ? pad?.pixels : sample.pixels;
  const [inRows, inCols] = fromDrawing ? [IMAGE_SIZE, IMAGE_SIZE] : [rows, cols];
  return (
    <>
      {switcher}
      <div className="inside-activations" data-testid="inside.activations" data-sample={fromDrawing ? 'drawing' : shown.key}>
        <figure className="inside-activation">
          <figcaption>
            input
            <br />
            <span className="inside-shape">{inputLabel}</span>
          </figcaption>
          {inputPixels && inputPixels.length === inRows * inCols && <Thumbnail pixels={inputPixels} rows={inRows} cols={inCols} zoom={2} label={`the input, ${inputLabel}`} />}
        </figure>
        {shown.acts.map((a, i) => (
          <Column key={a.name} a={a} last={i === shown.acts!.length - 1} />
        ))}
      </div>
    </>
  );
}
