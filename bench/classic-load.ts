/**
 * Bench page "classic-load": the classic TF.js MNIST example's data loading on its own, beside the
 * app's load in `npm run bench`. As in the example, TensorFlow.js is part of the page (its module is
 * imported and evaluated) and MnistData.load() runs at once: every image decoded into Float32Arrays on
 * the CPU (canvas getImageData), the labels fetched. Nothing goes to the GPU: this is the example's
 * "data ready" point, which is what the app's all-70,000-in-tensors-and-verified time is compared with.
 * Publishes window.__classicLoad = { dataReadyMs (performance.now(), from navigation), images, mismatches }.
 */
import '@tensorflow/tfjs';
import { DATA_URL_PATH, MANIFEST_FILE, SPLITS, type Manifest } from '../src/data/format';
import { decodeSplit, fetchOk } from './classic-data';

interface ClassicLoad {
  dataReadyMs: number;
  images: number;
  mismatches: number;
}

async function main(): Promise<ClassicLoad> {
  const base = new URL(DATA_URL_PATH, document.baseURI).href;
  const manifest = (await (await fetchOk(base + MANIFEST_FILE)).json()) as Manifest;
  const splits = await Promise.all(SPLITS.map((split) => decodeSplit(base, manifest, split)));
  const dataReadyMs = performance.now();
  performance.mark('classic:data-ready');
  return { dataReadyMs, images: splits.reduce((n, s) => n + s.images.length / 784, 0), mismatches: splits.reduce((n, s) => n + s.mismatches, 0) };
}

main().then(
  (result) => ((window as unknown as { __classicLoad: unknown }).__classicLoad = result),
  (e: unknown) => ((window as unknown as { __classicLoad: unknown }).__classicLoad = { error: e instanceof Error ? e.message : String(e) }),
);
