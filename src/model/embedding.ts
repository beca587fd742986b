/**
 * A 2-D map of a split: its images' features (the raw pixels, or a model's activations of the layer
 * before the output) projected on their first two principal components, computed on the GPU
 * (covariance by one matrix product, the top two eigenvectors by orthogonal iteration). Plain arrays out.
 */
import * as tf from '@tensorflow/tfjs';
import { withUnpackedSync } from '../data/backend';
import { chainOf } from './activations';
import { toModelInput } from './factory';
import { compilePieces, type WebGLBackendParts } from './warm-up';

/** Awaited before a map's features and components: precompilePca may hold their programs, not yet runnable. */
export { compilesSettled } from './warm-up';

export interface Projection {
  /** x0, y0, x1, y1, ...: image i at (coords[2i], coords[2i+1]). */
  coords: Float32Array;
  /** The share of the features' variance along each of the two axes (0..1). */
  explained: [number, number];
  /** Features per image: 784 for MNIST's raw pixels, the layer's units for learned features. */
  dimensions: number;
}

/** Images per forward pass when features come from a model. */
const CHUNK = 500;

/**
 * [n, d] float32 features of `images` [n, rows, cols] int32 0..255 (borrowed): the pixels / 255, or,
 * with a model, the output of its layer before the last (the input of the output layer); throws for a
 * model that is not a chain of layers. Caller disposes.
 */
export function features(images: tf.Tensor, model: tf.LayersModel | null): tf.Tensor2D {
  const n = images.shape[0];
  if (!model) return tf.tidy(() => withUnpackedSync(() => images.reshape([n, -1])).toFloat().div(255) as tf.Tensor2D);
  const layers = chainOf(model);
  // Applying the layers in turn is the model only when each takes the one before (as layerActivations checks).
  if (!layers || layers.length < 2) throw new RangeError('the map reads the layer before the output of a model whose layers form a chain; this one does not');
  const parts: tf.Tensor[] = [];
  try {
    for (let start = 0; start < n; start += CHUNK) {
      const m = Math.min(CHUNK, n - start);
      parts.push(
        tf.tidy(() => {
          let x = toModelInput(withUnpackedSync(() => images.slice(start, m)), model);
          for (const layer of layers.slice(0, -1)) x = layer.apply(x, { training: false }) as tf.Tensor;
          return x.reshape([m, -1]);
        }),
      );
    }
    return tf.concat(parts) as tf.Tensor2D;
  } finally {
    tf.dispose(parts);
  }
}

/** Directions sampled beyond the components kept (randomized PCA's oversampling), and power iterations. */
const OVERSAMPLES = 10;
const POWER_ITERATIONS = 4;

/** Features on their first principal components. */
export interface Components {
  /** Row-major [n, count]: image i's coordinate on component j at coords[i * count + j]. */
  coords: Float32Array;
  count: number;
  /** The share of the features' variance along each component (0..1), largest first. */
  explained: number[];
  /** Features per image before the projection. */
  dimensions: number;
}

/**
 * `x` [n, d] (borrowed) on its first `count` principal components, by randomized PCA (Halko, Martinsson
 * and Tropp 2011, as scikit-learn's svd_solver='randomized'): on the GPU, the centred data times a fixed
 * [d, count + 10] start, POWER_ITERATIONS times through X X^T; on the CPU, in float64, an orthonormal
 * basis Q of that, and the eigenvectors of (Q^T X)(Q^T X)^T, (count + 10) squared; on the GPU again, the
 * projection. Forming the [d, d] covariance instead takes one product over all n rows per entry: ~9 s
 * for the 10,000 test images' pixels on a software GPU here, against ~1 s this way. Each axis is signed
 * so its largest component is positive (the same data gives the same map). `fitEvery` > 1 fits the
 * axes on every fitEvery-th row only (fitEvery times less GPU work; all rows are projected); the
 * shares of the variance are always measured on all rows. Leaves no tensors.
 */
export async function principalComponents(x: tf.Tensor2D, count: number, { fitEvery = 1 }: { fitEvery?: number } = {}): Promise<Components> {
  const [n, d] = x.shape;
  if (n < 2 || d < 2) throw new RangeError(`principal components need at least 2 rows and 2 columns, got ${n}x${d}`);
  if (!Number.isInteger(count) || count < 1 || count > Math.min(n, d)) throw new RangeError(`principal components: ${count} asked of ${n}x${d} features`);
  if (!Number.isInteger(fitEvery) || fitEvery < 1) throw new RangeError(`principal components: fitEvery must be a positive integer, got ${fitEvery}`);
  const { every, rows, k } = pcaSizes(n, d, count, fitEvery);
  const centred = tf.tidy(() => centredOf(x));
  const fitted = every === 1 ? centred : tf.tidy(() => fittedRows(centred, every, rows));
  try {
    const [sampled, totalT] = tf.tidy(() => sampledSpan(fitted, centred, k));
    const [yValues, total] = await Promise.all([sampled.data(), totalT.data()]).finally(() => tf.dispose([sampled, totalT]));
    const basis = orthonormalColumns(yValues as Float32Array, rows, k);
    const bT = tf.tidy(() => onBasis(tf.tensor2d(Float32Array.from(basis), [rows, k]), fitted));
    const bValues = await bT.data().finally(() => bT.dispose());
    // (Q^T X)(Q^T X)^T = W S^2 W^T; the principal axes are (Q^T X)^T w_j / s_j.
    const m = new Float64Array(k * k);
    for (let a = 0; a < k; a++) for (let b = a; b < k; b++) {
      let sum = 0;
      for (let c = 0; c < d; c++) sum += bValues[a * d + c] * bValues[b * d + c];
      m[a * k + b] = m[b * k + a] = sum;
    }
    const { values, vectors } = symmetricEigen(m, k);
    const axes = new Float64Array(count * d);
    for (let j = 0; j < count; j++) {
      const s = Math.sqrt(Math.max(values[j], 0)) || 1;
      for (let c = 0; c < d; c++) {
        let sum = 0;
        for (let a = 0; a < k; a++) sum += bValues[a * d + c] * vectors[a * k + j];
        axes[count * c + j] = sum / s;
      }
      let at = 0;
      for (let c = 1; c < d; c++) if (Math.abs(axes[count * c + j]) > Math.abs(axes[count * at + j])) at = c;
      if (axes[count * at + j] < 0) for (let c = 0; c < d; c++) axes[count * c + j] = -axes[count * c + j];
    }
    const projected = tf.tidy(() => projectedOn(centred, tf.tensor2d(Float32Array.from(axes), [d, count])));
    const coords = Float32Array.from(await projected.data().finally(() => projected.dispose()));
    // Each axis's share: the variance of all n images along it (the data are centred), in float64.
    const sums = new Float64Array(count);
    for (let i = 0; i < coords.length; i++) sums[i % count] += coords[i] * coords[i];
    const t = total[0];
    const explained = Array.from(sums, (v) => (t > 0 ? v / (n - 1) / t : 0));
    return { coords, count, explained, dimensions: d };
  } finally {
    if (fitted !== centred) fitted.dispose();
    centred.dispose();
  }
}

/** The rows the axes are fitted on (every `every`-th, or all), and the directions sampled. */
function pcaSizes(n: number, d: number, count: number, fitEvery: number): { every: number; rows: number; k: number } {
  const every = n >= Math.max(2, count) * fitEvery ? fitEvery : 1;
  const rows = Math.floor(n / every);
  return { every, rows, k: Math.min(count + OVERSAMPLES, rows, d) };
}

/** PCA's GPU stages, one function each so precompilePca compiles exactly their programs. */
const centredOf = (x: tf.Tensor2D) => x.sub(x.mean(0)) as tf.Tensor2D;
/** Every `every`-th row by a strided slice through a reshape (no gather). */
function fittedRows(centred: tf.Tensor2D, every: number, rows: number): tf.Tensor2D {
  const d = centred.shape[1];
  return centred.slice(0, rows * every).reshape([rows, every, d]).slice([0, 0, 0], [rows, 1, d]).reshape([rows, d]);
}
/** The fitted rows times a fixed [d, k] start, POWER_ITERATIONS times through X X^T; and the total variance of all rows. */
function sampledSpan(fitted: tf.Tensor2D, centred: tf.Tensor2D, k: number): [tf.Tensor, tf.Tensor] {
  const d = fitted.shape[1];
  const start = tf.tensor2d(Float32Array.from({ length: d * k }, (_, i) => Math.sin(12.9898 * (i + 1)) * 43758.5453 % 1), [d, k]);
  let y = tf.matMul(fitted, start);
  for (let q = 0; q < POWER_ITERATIONS; q++) {
    // Rescaled each round so float32 neither overflows nor underflows; the span is what counts.
    y = tf.matMul(fitted, tf.matMul(fitted, y, true, false));
    y = y.div(tf.max(tf.abs(y)).add(1e-30));
  }
  return [y, tf.sum(tf.square(centred)).div(centred.shape[0] - 1)];
}
const onBasis = (basis: tf.Tensor2D, fitted: tf.Tensor2D) => tf.matMul(basis, fitted, true, false);
const projectedOn = (centred: tf.Tensor2D, axes: tf.Tensor2D) => tf.matMul(centred, axes).reshape([-1]);

/**
 * Compiles, without running them, the WebGL programs principalComponents(features(images, null),
 * count, { fitEvery }) will run, so the first map is as quick as the next (here 4.1 s the first time
 * against 1.3 s: 3 s of it compiling shaders). Called when the map comes into view; nothing on a
 * backend without compile-only support. True when every program was compiled (compilePieces): that
 * map may then run while other compiles are in flight. Leaves no tensors.
 */
export async function precompilePca(images: tf.Tensor, count: number, fitEvery: number, yieldBetween: () => Promise<void>): Promise<boolean> {
  const n = images.shape[0];
  const d = images.shape.slice(1).reduce((a, b) => a * b, 1);
  if (n < 2 || d < 2 || count > Math.min(n, d)) return false;
  const { every, rows, k } = pcaSizes(n, d, count, fitEvery);
  // Inputs made as the real run makes them (tfjs keys a program by its inputs' shapes and textures):
  // the centred features from the same programs, the host's matrices uploaded from arrays.
  const centred = () => centredOf(features(images, null));
  const fittedOf = (c: tf.Tensor2D) => (every === 1 ? c : fittedRows(c, every, rows));
  const upload = (r: number, c: number) => tf.tensor2d(new Float32Array(r * c), [r, c]);
  return compilePieces(
    tf.backend() as unknown as WebGLBackendParts,
    [
      () => {
        const c = centred();
        return sampledSpan(fittedOf(c), c, k);
      },
      () => onBasis(upload(rows, k), fittedOf(centred())),
      () => projectedOn(centred(), upload(d, count)),
    ],
    yieldBetween,
  );
}

/** `x` [n, d] (borrowed) on its first two principal components (principalComponents). Leaves no tensors. */
export async function pca2(x: tf.Tensor2D): Promise<Projection> {
  const p = await principalComponents(x, 2);
  return { coords: p.coords, explained: [p.explained[0], p.explained[1]], dimensions: p.dimensions };
}

/** An orthonormal basis of the columns of `y` [n, k] (row-major), by modified Gram-Schmidt in float64: [n, k] row-major. */
export function orthonormalColumns(y: ArrayLike<number>, n: number, k: number): Float64Array {
  const q = Float64Array.from(y as ArrayLike<number>);
  for (let j = 0; j < k; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i * k + p] * q[i * k + j];
      for (let i = 0; i < n; i++) q[i * k + j] -= dot * q[i * k + p];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q[i * k + j] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < n; i++) q[i * k + j] /= norm;
  }
  return q;
}

/**
 * Every eigenpair of the symmetric [k, k] matrix `m` (row-major; small), by cyclic Jacobi rotations in
 * float64: values in descending order, vectors as the columns of a [k, k] row-major matrix in that order.
 */
export function symmetricEigen(m: ArrayLike<number>, k: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(m as ArrayLike<number>);
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += a[p * k + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * k + q] - a[p * k + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const arp = a[r * k + p];
          const arq = a[r * k + q];
          a[r * k + p] = c * arp - s * arq;
          a[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = a[p * k + r];
          const aqr = a[q * k + r];
          a[p * k + r] = c * apr - s * aqr;
          a[q * k + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = v[r * k + p];
          const vrq = v[r * k + q];
          v[r * k + p] = c * vrp - s * vrq;
          v[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => a[j * k + j] - a[i * k + i]);
  const values = Float64Array.from(order, (i) => a[i * k + i]);
  const vectors = new Float64Array(k * k);
  order.forEach((col, j) => {
    for (let r = 0; r < k; r++) vectors[r * k + j] = v[r * k + col];
  });
  return { values, vectors };
}
