/**
 * The 10,000 test images as points on a canvas, by their first two principal components or by UMAP
 * (of the raw pixels or of the model's last hidden layer), coloured by true label, mistakes ringed.
 * Drag pans, the wheel zooms, a double-click fits; hover shows the image, a click makes it the current
 * sample, a shift-drag selects a box or a lasso of points for the gallery.
 */
import { useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { formatCount } from '../../lib/format';
import { useDatasetSource } from '../hooks/useDatasetSource';
import { useImages } from '../hooks/useImages';
import { useTrainingService } from '../hooks/useTrainingService';
import { Thumbnail } from '../renderers/Thumbnail';
import { drawMap, LABEL_COLOURS, type MapScene } from './map-draw';
import { fitView, nearestPoint, panBy, pointsInBox, pointsInPolygon, zoomAt, type MapView } from './map-view';
import { useMapComputation, type ComputedMap, type MapMethod } from './useMapComputation';

const W = 640;
const H = 420;
/** A lasso's path keeps a vertex per this many screen px of movement. */
const LASSO_STEP = 3;

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

const ordinal = (k: number) => `${k}${k % 10 === 1 && k % 100 !== 11 ? 'st' : k % 10 === 2 && k % 100 !== 12 ? 'nd' : k % 10 === 3 && k % 100 !== 13 ? 'rd' : 'th'}`;

/** The caption's account of how the map was made. */
function howMade(map: ComputedMap): string {
  const what = map.learned ? `learned features (${map.dimensions})` : `raw pixels (${map.dimensions})`;
  const seconds = map.ms >= 2000 ? `${(map.ms / 1000).toFixed(1)} s` : `${Math.round(map.ms)} ms`;
  if (!map.umap) {
    return `${what} on their first two principal components (${(100 * map.explained[0]).toFixed(1)}% and ${(100 * map.explained[1]).toFixed(1)}% of the variance), computed on the GPU in ${seconds}`;
  }
  const { settings, components, fitEvery, epochs } = map.umap;
  const fit = fitEvery > 1 ? `, their axes fitted on every ${ordinal(fitEvery)} image` : '';
  return `${what} laid out by UMAP (n_neighbors=${settings.nNeighbors}, min_dist=${settings.minDist}, ${epochs} epochs, seed ${settings.seed}) from their first ${components} principal components (${(100 * map.explained[0]).toFixed(1)}% of the variance${fit}), in a Web Worker, in ${seconds}; distances between clusters mean less than on a PCA map`;
}

export function EmbeddingMap({ hasModel, weightsVersion, testLabels, predictions, onSelectTestImage, onSelectImages }: EmbeddingMapProps) {
  const training = useTrainingService();
  const [learned, setLearned] = useState(false);
  const [method, setMethod] = useState<MapMethod>('pca');
  const [tool, setTool] = useState<'box' | 'lasso'>('box');
  const { map, busy, progress, message, compute, cancel } = useMapComputation(training, weightsVersion);
  const [view, setView] = useState<MapView | null>(null);
  const [hover, setHover] = useState<{ index: number; x: number; y: number } | null>(null);
  const [selection, setSelection] = useState<MapScene['selection']>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number; moved: boolean; select: boolean } | null>(null);
  const coords = map?.coords ?? null;

  // In view, PCA's shaders are compiled ahead (not while training), then UMAP's: the first map is then as quick as the next.
  const block = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = block.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) training.prepareEmbedding('pca').then(() => training.prepareEmbedding('umap')).catch(() => {});
    });
    seen.observe(el);
    return () => seen.disconnect();
  }, [training]);

  // A new map is shown whole (adjusted while rendering, React's pattern for state that follows props).
  const [fittedTo, setFittedTo] = useState<Float32Array | null>(null);
  if (coords !== fittedTo) {
    setFittedTo(coords);
    setView(coords ? fitView(coords, W, H) : null);
  }

  // Colours per point: its true label; a ring where the model's prediction differs.
  const mistakes = useMemo(() => (testLabels && predictions && predictions.length === testLabels.length ? predictions.map((p, i) => Number(p !== testLabels[i])) : null), [testLabels, predictions]);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !coords || !view) return;
    const dpr = window.devicePixelRatio || 1;
    if (c.width !== W * dpr || c.height !== H * dpr) {
      c.width = W * dpr;
      c.height = H * dpr;
    }
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawMap(g, { coords, view, labels: testLabels, mistakes, selection }, W, H);
  }, [coords, view, testLabels, mistakes, selection]);

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
    if (e.shiftKey) setSelection(tool === 'box' ? { kind: 'box', a: [x, y], b: [x, y] } : { kind: 'lasso', path: [[x, y]] });
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (!coords || !view) return;
    const [x, y] = local(e);
    const d = drag.current;
    if (d) {
      if (Math.abs(x - d.x) + Math.abs(y - d.y) > 3) d.moved = true;
      if (d.select) {
        setSelection((s) => {
          if (s?.kind === 'box') return { ...s, b: [x, y] };
          if (s?.kind !== 'lasso') return s;
          const [lx, ly] = s.path[s.path.length - 1];
          return Math.abs(x - lx) + Math.abs(y - ly) < LASSO_STEP ? s : { kind: 'lasso', path: [...s.path, [x, y]] };
        });
      } else if (d.moved) {
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
      const picked = selection?.kind === 'lasso' ? pointsInPolygon(view, coords, [...selection.path, [x, y]], W, H) : pointsInBox(view, coords, [d.x, d.y], [x, y], W, H);
      setSelection(null);
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
    <div className="inside-map-block" ref={block}>
      <div className="inside-map-controls">
        <fieldset>
          <legend>features</legend>
          <label>
            <input type="radio" name="inside-map-features" checked={!learned} onChange={() => setLearned(false)} data-testid="inside.map.pixels" /> raw pixels
          </label>
          <label title={hasModel ? '' : 'Train or load a model first'}>
            <input type="radio" name="inside-map-features" checked={learned} disabled={!hasModel} onChange={() => setLearned(true)} data-testid="inside.map.learned" /> learned (the layer before the output)
          </label>
        </fieldset>
        <fieldset>
          <legend>projection</legend>
          <label>
            <input type="radio" name="inside-map-method" checked={method === 'pca'} onChange={() => setMethod('pca')} data-testid="inside.map.method.pca" /> PCA
          </label>
          <label title="Non-linear: keeps each image's neighbours together; about 10-20 s here, in a Web Worker">
            <input type="radio" name="inside-map-method" checked={method === 'umap'} onChange={() => {
                setMethod('umap');
                training.prepareEmbedding('umap').catch(() => {});
              }} data-testid="inside.map.method.umap" /> UMAP
          </label>
        </fieldset>
        <button type="button" onClick={() => compute(learned, method)} disabled={busy || (learned && !hasModel)} data-testid="inside.map.compute">
          {busy ? 'Computing…' : map ? 'Compute again' : 'Draw the map'}
        </button>
        {busy && method === 'umap' && (
          <button type="button" onClick={cancel} data-testid="inside.map.cancel">
            Cancel
          </button>
        )}
        {message && (
          <span className="field-error" role="alert" data-testid="inside.map.message">
            {message}
          </span>
        )}
      </div>
      {progress && (
        <p className="inside-map-progress" role="status" data-testid="inside.map.progress">
          <progress max={1} value={progress.value ?? undefined} /> {progress.text}
        </p>
      )}
      {map && (
        <p className="inside-when" data-testid="inside.map.caption" data-method={map.method}>
          {formatCount(map.coords.length / 2)} test images, {howMade(map)}
          {stale ? '; the model has changed since: compute again' : ''}. Drag to pan, wheel to zoom, double-click to fit; shift-drag selects images for the gallery by a{' '}
          <label>
            <input type="radio" name="inside-map-tool" checked={tool === 'box'} onChange={() => setTool('box')} data-testid="inside.map.tool.box" /> box
          </label>{' '}
          or a{' '}
          <label>
            <input type="radio" name="inside-map-tool" checked={tool === 'lasso'} onChange={() => setTool('lasso')} data-testid="inside.map.tool.lasso" /> lasso
          </label>
          .
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
          aria-label={`Map of the test images ${map?.method === 'umap' ? 'laid out by UMAP' : 'by their first two principal components'}, coloured by label`}
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
