/** Messages between the embedding map and the UMAP worker: one request, progress, then one answer. */

/** UMAP's settings, as umap-learn names them (n_neighbors, min_dist, n_epochs) plus the seed of its random choices. */
export interface UmapSettings {
  nNeighbors: number;
  minDist: number;
  /** Layout epochs; 0 lets umap-js choose by the number of points: 500 up to 2,500, 400, 300, then 200 past 7,500. */
  nEpochs: number;
  seed: number;
}

/** umap-learn's defaults (n_neighbors=15, min_dist=0.1, n_epochs by size), seed 42. */
export const UMAP_DEFAULTS: UmapSettings = { nNeighbors: 15, minDist: 0.1, nEpochs: 0, seed: 42 };

export interface UmapRequest {
  /** Row-major [n, d] features (transferred). */
  data: Float32Array;
  n: number;
  d: number;
  settings: UmapSettings;
}

export type UmapProgress =
  /** Building the nearest-neighbour graph (one step of umap-js, no finer progress). */
  | { stage: 'neighbours' }
  /** Laying the graph out in 2-D: epoch of epochs. */
  | { stage: 'layout'; epoch: number; epochs: number };

export type UmapReply =
  | ({ type: 'progress' } & UmapProgress)
  /** Row-major [n, 2] (transferred). */
  | { type: 'done'; coords: Float32Array; epochs: number }
  | { type: 'error'; error: string };
