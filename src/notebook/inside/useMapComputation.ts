/**
 * The embedding map's computation: the features' first two principal components (PCA, on the GPU), or
 * a UMAP layout of their first 50 (the principal components on the GPU, UMAP in a Web Worker with its
 * progress). One computation at a time; a new one or leaving the page cancels the one running.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TrainingService } from '../services/training-service';
import { UMAP_DEFAULTS, type UmapProgress, type UmapSettings } from '../../workers/umap-protocol';
import { UMAP_COMPONENTS, UMAP_FIT_EVERY, type EmbeddingMethod } from '../services/sample-follow';
import { runUmap, type UmapJob } from './umap-client';

/** The user-timing measure of computing a map (features and projection), read by the bench and e2e tests; its detail is e.g. "pixels", "learned", "umap:pixels". */
export const MAP_MEASURE = 'mnist:embedding';

/** The map's methods: those SampleFollower computes (EMBEDDING_SHAPES). */
export type MapMethod = EmbeddingMethod;

export interface ComputedMap {
  learned: boolean;
  method: MapMethod;
  /** The weights version the map was computed from. */
  version: unknown;
  /** Row-major [n, 2]. */
  coords: Float32Array;
  /** Features per image. */
  dimensions: number;
  /** PCA: the two axes' shares of the variance. UMAP: the share of the components it started from, in one. */
  explained: number[];
  /** UMAP only: its settings, the components it started from and the epochs it ran. */
  umap: { settings: UmapSettings; components: number; fitEvery: number; epochs: number } | null;
  ms: number;
}

export interface MapComputation {
  map: ComputedMap | null;
  busy: boolean;
  /** What the running computation is doing, for the page ("finding neighbours", an epoch count), or null. */
  progress: { text: string; value: number | null } | null;
  message: string | null;
  compute(learned: boolean, method: MapMethod): void;
  cancel(): void;
}

function progressOf(p: UmapProgress, settings: UmapSettings): { text: string; value: number | null } {
  if (p.stage === 'neighbours') return { text: `UMAP: finding each image's ${settings.nNeighbors} nearest neighbours…`, value: null };
  return { text: `UMAP: laying the graph out, epoch ${p.epoch} of ${p.epochs}`, value: p.epoch / p.epochs };
}

export function useMapComputation(training: Pick<TrainingService, 'embedding'>, weightsVersion: unknown, settings: UmapSettings = UMAP_DEFAULTS): MapComputation {
  const [map, setMap] = useState<ComputedMap | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ text: string; value: number | null } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const job = useRef<{ token: number; umap: UmapJob | null }>({ token: 0, umap: null });

  const cancel = useCallback(() => {
    job.current.umap?.cancel();
    job.current = { token: job.current.token + 1, umap: null };
    setBusy(false);
    setProgress(null);
  }, []);
  useEffect(() => cancel, [cancel]);

  const compute = useCallback(
    (learned: boolean, method: MapMethod) => {
      cancel();
      const token = job.current.token;
      const live = () => job.current.token === token;
      setBusy(true);
      setMessage(null);
      setProgress(method === 'umap' ? { text: `UMAP: the first ${UMAP_COMPONENTS} principal components, on the GPU…`, value: null } : null);
      const start = performance.now();
      const fail = (e: Error) => {
        if (!live()) return;
        setBusy(false);
        setProgress(null);
        setMessage(`The map could not be computed: ${e.message}`);
      };
      const done = (m: Omit<ComputedMap, 'ms' | 'learned' | 'method' | 'version'>) => {
        const ms = performance.now() - start;
        performance.measure(MAP_MEASURE, { start, end: start + ms, detail: method === 'umap' ? `umap:${learned ? 'learned' : 'pixels'}` : learned ? 'learned' : 'pixels' });
        setBusy(false);
        setProgress(null);
        setMap({ ...m, learned, method, version: weightsVersion, ms });
      };
      training.embedding(learned, method).then((components) => {
        if (!live()) return;
        if (!components) {
          setBusy(false);
          setProgress(null);
          setMessage(learned ? 'There is no model to take features from: train one or load one.' : 'The test images are not in tensors yet.');
          return;
        }
        const n = components.coords.length / components.count;
        if (method === 'pca') return done({ coords: components.coords, dimensions: components.dimensions, explained: components.explained, umap: null });
        const explained = [components.explained.reduce((a, b) => a + b, 0)];
        const umap = runUmap(components.coords, n, components.count, settings, (p) => {
          if (live()) setProgress(progressOf(p, settings));
        });
        job.current.umap = umap;
        umap.result.then((r) => {
          if (r && live()) done({ coords: r.coords, dimensions: components.dimensions, explained, umap: { settings, components: components.count, fitEvery: UMAP_FIT_EVERY, epochs: r.epochs } });
        }, fail);
      }, fail);
    },
    [training, weightsVersion, settings, cancel],
  );

  return { map, busy, progress, message, compute, cancel };
}
