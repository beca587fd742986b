/**
 * The 10,000 test images as points on a canvas, at their first two principal components (of the raw
 * pixels or of the model's last hidden layer), coloured by true label, mistakes ringed. Drag pans, the
 * wheel zooms, a double-click fits; hover shows the image, a click makes it the current sample, a
 * shift-drag selects a box of points for the gallery.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Projection } from '../../model/embedding';
import { formatCount } from '../../lib/format';
import { useDatasetSource } from '../hooks/useDatasetSource';
import { useImages } from '../hooks/useImages';
import { useTrainingService } from '../hooks/useTrainingService';
import { Thumbnail } from '../renderers/Thumbnail';
import { fitView, nearestPoint, panBy, pointsInBox, toScreen, zoomAt, type MapView } from './map-view';

const W = 640;
const H = 420;
/** Tableau 10, one colour per digit (as TensorBoard's projector colours by label). */
export const LABEL_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** The user-timing measure of computing a map (features and PCA), read by the bench and e2e tests. */
export const MAP_MEASURE = 'mnist:embedding';

export interface EmbeddingMapProps {
  hasModel: boolean;
  /** Changes when the model's weights change: a learned-features map is then out of date. */
  weightsVersion: unknown;
  testLabels: Uint8Array | null;
  predictions: Uint8Array | null;
  onSelectTestImage: (index: number) => void;
  onSelectImages: (indices: Int32Array) => void;
}

function HoverImage({ index }: { index: number }) {
  const { pixels } = useImages('test', index, index + 1);
  const { rows, cols } = useDatasetSource();
  return pixels && pixels.length === rows * cols ? <Thumbnail pixels={pixels} rows={rows} cols={cols} zoom={42 / Math.max(rows, cols)} label={`test_images[${index}]`} /> : null;
}

export function EmbeddingMap({ hasModel, weightsVersion, testLabels, predictions, onSelectTestImage, onSelectImages }: EmbeddingMapProps) {
  const training = useTrainingService();
  const [learned, setLearned] = useState(false);
  const [map, setMap] = useState<{ learned: boolean; version: unknown; projection: Projection; ms: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [view, setView] = useState<MapView | null>(null);
  const [hover, setHover] = useState<{ index: number; x: number; y: number } | null>(null);
  const [box, setBox] = useState<{ a: [number, number]; b: [number, number] } | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number; moved: boolean; select: boolean } | null>(null);
  const coords = map?.projection.coords ?? null;

  const compute = useCallback(
    (useLearned: boolean) => {
      setBusy(true);
      setMessage(null);
      const start = performance.now();
      training.embedding(useLearned).then(
        (projection) => {
          setBusy(false);
          if (!projection) return setMessage(useLearned ? 'There is no model to take features from: train one or load one.' : 'The test images are not in tensors yet.');
          const ms = performance.now() - start;
          performance.measure(MAP_MEASURE, { start, end: start + ms, detail: useLearned ? 'learned' : 'pixels' });
          setMap({ learned: useLearned, version: weightsVersion, projection, ms });
          setView(fitView(projection.coords, W, H));
        },
        (e: Error) => {
          setBusy(false);
          setMessage(`The map could not be computed: ${e.message}`);
        },
      );
    },
    [training, weightsVersion],
  );

  // Colours per point: its true label; a ring where the model's prediction differs.
  const mistakes = useMemo(() => (testLabels && predictions && predictions.length === testLabels.length ? predictions.map((p, i) => Number(p !== testLabels[i])) : null), [testLabels, predictions]);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !coords || !view) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = W * dpr;
    c.height = H * dpr;
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, W, H);
    const n = coords.length / 2;
    for (let label = 0; label < 10; label++) {
      g.fillStyle = LABEL_COLOURS[label];
      for (let i = 0; i < n; i++) {
        if ((testLabels?.[i] ?? 0) !== label) continue;
        const [x, y] = toScreen(view, coords, i, W, H);
        if (x >= -2 && x <= W + 2 && y >= -2 && y <= H + 2) g.fillRect(x - 1.25, y - 1.25, 2.5, 2.5);
      }
    }
    if (mistakes) {
      g.strokeStyle = 'rgba(20, 20, 20, 0.85)';
      g.lineWidth = 1;
      g.beginPath();
      for (let i = 0; i < n; i++) {
        if (!mistakes[i]) continue;
        const [x, y] = toScreen(view, coords, i, W, H);
        g.moveTo(x + 3, y);
        g.arc(x, y, 3, 0, 2 * Math.PI);
      }
      g.stroke();
    }
    if (box) {
      g.strokeStyle = '#1a73e8';
      g.setLineDash([4, 3]);
      g.strokeRect(Math.min(box.a[0], box.b[0]), Math.min(box.a[1], box.b[1]), Math.abs(box.a[0] - box.b[0]), Math.abs(box.a[1] - box.b[1]));
      g.setLineDash([]);
    }
  }, [coords, view, testLabels, mistakes, box]);

  const local = (e: ReactPointerEvent | WheelEvent): [number, number] => {
    const r = canvas.current!.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * W, ((e.clientY - r.top) / r.height) * H];
  };

  // The wheel zooms about the cursor (a non-passive listener, so the page does not scroll).
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const [sx, sy] = local(e);
      setView((v) => (v ? zoomAt(v, Math.exp(-e.deltaY * 0.0015), sx, sy, W, H) : v));
    };
    c.addEventListener('wheel', onWheel, { passive: false });
    return () => c.removeEventListener('wheel', onWheel);
  }, [coords]);

  const onPointerDown = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const [x, y] = local(e);
    drag.current = { x, y, moved: false, select: e.shiftKey };
    e.currentTarget.setPointerCapture(e.pointerId);
    if (e.shiftKey) setBox({ a: [x, y], b: [x, y] });
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (!coords || !view) return;
    const [x, y] = local(e);
    const d = drag.current;
    if (d) {
      if (Math.abs(x - d.x) + Math.abs(y - d.y) > 3) d.moved = true;
      if (d.select) setBox((b) => (b ? { a: b.a, b: [x, y] } : b));
      else if (d.moved) {
        setView((v) => (v ? panBy(v, x - d.x, y - d.y) : v));
        drag.current = { ...d, x, y };
      }
      return;
    }
    const i = nearestPoint(view, coords, x, y, W, H);
    setHover(i >= 0 ? { index: i, x, y } : null);
  };
  const onPointerUp = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    drag.current = null;
    if (!d || !coords || !view) return;
    const [x, y] = local(e);
    if (d.select) {
      const picked = pointsInBox(view, coords, [d.x, d.y], [x, y], W, H);
      setBox(null);
      if (picked.length > 0) onSelectImages(picked);
      return;
    }
    if (!d.moved) {
      const i = nearestPoint(view, coords, x, y, W, H);
      if (i >= 0) onSelectTestImage(i);
    }
  };

  const stale = map !== null && map.learned && map.version !== weightsVersion;
  return (
    <div className="inside-map-block">
      <div className="inside-map-controls">
        <label>
          <input type="radio" name="inside-map-features" checked={!learned} onChange={() => setLearned(false)} data-testid="inside.map.pixels" /> raw pixels (784)
        </label>
        <label title={hasModel ? '' : 'Train or load a model first'}>
          <input type="radio" name="inside-map-features" checked={learned} disabled={!hasModel} onChange={() => setLearned(true)} data-testid="inside.map.learned" /> learned features (the layer before the output)
        </label>
        <button type="button" onClick={() => compute(learned)} disabled={busy || (learned && !hasModel)} data-testid="inside.map.compute">
          {busy ? 'Computing…' : map ? 'Compute again' : 'Draw the map'}
        </button>
        {message && (
          <span className="field-error" role="alert" data-testid="inside.map.message">
            {message}
          </span>
        )}
      </div>
      {map && (
        <p className="inside-when" data-testid="inside.map.caption">
          {formatCount(map.projection.coords.length / 2)} test images, {map.learned ? `learned features (${map.projection.dimensions})` : `raw pixels (${map.projection.dimensions})`} on their first two principal components ({(100 * map.projection.explained[0]).toFixed(1)}% and {(100 * map.projection.explained[1]).toFixed(1)}% of the variance), computed on the GPU in {Math.round(map.ms)} ms
          {stale ? '; the model has changed since: compute again' : ''}. Drag to pan, wheel to zoom, double-click to fit; shift-drag selects images for the gallery.
        </p>
      )}
      <div className="inside-map" hidden={!map}>
        <canvas
          ref={canvas}
          className="inside-map-canvas"
          style={{ width: W, height: H }}
          data-testid="inside.map.canvas"
          data-points={coords ? coords.length / 2 : 0}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerLeave={() => setHover(null)}
          onDoubleClick={() => coords && setView(fitView(coords, W, H))}
          role="img"
          aria-label="Map of the test images by their first two principal components, coloured by label"
        />
        {hover && (
          <div className="inside-map-hover" style={{ left: Math.min(hover.x + 12, W - 150), top: Math.min(hover.y + 12, H - 70) }} data-testid="inside.map.hover" data-index={hover.index}>
            <HoverImage index={hover.index} />
            <span>
              test_images[{hover.index}]
              <br />
              label {testLabels?.[hover.index] ?? '?'}
              {predictions ? `, predicted ${predictions[hover.index]}` : ''}
            </span>
          </div>
        )}
        <ol className="inside-map-legend" start={0}>
          {LABEL_COLOURS.map((c, digit) => (
            <li key={digit}>
              <span className="inside-swatch" style={{ background: c }} /> {digit}
            </li>
          ))}
          {mistakes && <li>○ misclassified</li>}
        </ol>
      </div>
    </div>
  );
}
