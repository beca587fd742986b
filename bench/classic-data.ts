/**
 * The classic TF.js MNIST example's data loading (tfjs-examples/mnist/data.js), as the bench pages use
 * it: each sprite PNG drawn on a canvas and read back with getImageData, the red channel / 255 into one
 * Float32Array per split (the example's 65,000 images are one 784-px-per-row sprite; here the app's
 * tiled sheets hold the same MNIST pixels), checked against the manifest's pixel sums on the CPU.
 */
import { decodeU32Base64, IMAGE_PIXELS, IMAGE_SIZE, type Manifest, type SplitName } from '../src/data/format';

export async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText} (run npm run prepare-data)`);
  return response;
}

/** Decodes a split's sheets on the CPU (Image + canvas getImageData) into n*784 floats in 0..1, plus the label bytes. */
export async function decodeSplit(base: string, manifest: Manifest, split: SplitName): Promise<{ images: Float32Array; labels: Uint8Array; mismatches: number }> {
  const info = manifest.splits[split];
  const images = new Float32Array(info.count * IMAGE_PIXELS);
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2d canvas context');
  for (const sheet of info.sheets) {
    const img = new Image();
    img.src = base + sheet.file;
    await img.decode();
    canvas.width = sheet.width;
    canvas.height = sheet.height;
    ctx.drawImage(img, 0, 0);
    const rgba = ctx.getImageData(0, 0, sheet.width, sheet.height).data;
    for (let t = 0; t < sheet.count; t++) {
      const out = (sheet.first + t) * IMAGE_PIXELS;
      const x0 = (t % sheet.columns) * IMAGE_SIZE;
      const y0 = Math.floor(t / sheet.columns) * IMAGE_SIZE;
      for (let r = 0; r < IMAGE_SIZE; r++) {
        const row = ((y0 + r) * sheet.width + x0) * 4;
        // Grayscale: every channel holds the value, so read red, as the example does.
        for (let c = 0; c < IMAGE_SIZE; c++) images[out + r * IMAGE_SIZE + c] = rgba[row + c * 4] / 255;
      }
    }
  }
  const labels = new Uint8Array(await (await fetchOk(base + info.labels.file)).arrayBuffer());
  if (labels.length !== info.count) throw new Error(`${info.labels.file}: ${labels.length} labels for ${info.count} images`);
  const sums = decodeU32Base64(info.pixelSums);
  let mismatches = sums ? 0 : info.count;
  for (let i = 0; sums && i < info.count; i++) {
    let s = 0;
    for (let p = i * IMAGE_PIXELS; p < (i + 1) * IMAGE_PIXELS; p++) s += Math.round(images[p] * 255);
    if (s !== sums[i]) mismatches++;
  }
  return { images, labels, mismatches };
}

