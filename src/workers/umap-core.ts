/**
 * UMAP (McInnes, Healy and Melville 2018) of row-major features, by the PAIR team's umap-js: the
 * algorithm of umap-learn (nearest-neighbour descent, a fuzzy graph, a stochastic layout), except that
 * umap-js starts the layout from random positions where umap-learn starts from a spectral one. Seeded,
 * so the same features give the same map. Plain arrays in and out; runs in the worker.
 */
import { UMAP } from 'umap-js';
import { createRng } from '../lib/random';
import type { UmapProgress, UmapSettings } from './umap-protocol';

/** Progress is reported every this many layout epochs (and at the last). */
const REPORT_EVERY = 5;

/** Why these features and settings cannot be laid out, or null. */
export function umapInputError(n: number, d: number, data: ArrayLike<number>, s: UmapSettings): string | null {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 1 || d < 1 || data.length !== n * d) return `UMAP needs ${n}x${d} features, got ${data.length} values`;
  if (!Number.isInteger(s.nNeighbors) || s.nNeighbors < 2) return `n_neighbors must be an integer of at least 2, got ${s.nNeighbors}`;
  if (n <= s.nNeighbors) return `UMAP with ${s.nNeighbors} neighbours needs more than ${s.nNeighbors} points, got ${n}`;
  if (!(s.minDist >= 0 && s.minDist <= 1)) return `min_dist must be between 0 and 1, got ${s.minDist}`;
  if (!Number.isInteger(s.nEpochs) || s.nEpochs < 0) return `n_epochs must be a non-negative integer, got ${s.nEpochs}`;
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return `the features hold a non-finite value (at row ${Math.floor(i / d)})`;
  return null;
}

/** The 2-D UMAP layout of `data` [n, d]: row-major [n, 2]. Throws RangeError for bad input. */
export function umapLayout(data: ArrayLike<number>, n: number, d: number, settings: UmapSettings, onProgress: (p: UmapProgress) => void = () => {}): { coords: Float32Array; epochs: number } {
  const error = umapInputError(n, d, data, settings);
  if (error) throw new RangeError(error);
  const rows: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => data[i * d + j]));
  const rng = createRng(settings.seed);
  const umap = new UMAP({ nComponents: 2, nNeighbors: settings.nNeighbors, minDist: settings.minDist, ...(settings.nEpochs > 0 ? { nEpochs: settings.nEpochs } : {}), random: rng.nextFloat });
  onProgress({ stage: 'neighbours' });
  const epochs = umap.initializeFit(rows);
  for (let e = 1; e <= epochs; e++) {
    umap.step();
    if (e % REPORT_EVERY === 0 || e === epochs) onProgress({ stage: 'layout', epoch: e, epochs });
  }
  const embedding = umap.getEmbedding();
  const coords = new Float32Array(2 * n);
  embedding.forEach((p, i) => {
    coords[2 * i] = p[0];
    coords[2 * i + 1] = p[1];
  });
  return { coords, epochs };
}
