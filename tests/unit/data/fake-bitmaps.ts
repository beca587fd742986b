/** A stand-in for the browser's createImageBitmap (node has none), so the native decoding path can run under test. */
import { decode } from 'fast-png';
import { vi } from 'vitest';

export interface FakeBitmap {
  width: number;
  height: number;
  /** RGBA, as tf.browser.fromPixels reads plain pixel data. */
  data: Uint8Array;
  closed: number;
  close(): void;
}

/**
 * Stands in for the browser's createImageBitmap: decodes the PNG to RGBA, lets `alter` change it
 * (as a privacy-protecting browser would), and records every bitmap made.
 */
export function stubNativeDecoder(alter: (rgba: Uint8Array, width: number, height: number) => { width: number; height: number; rgba: Uint8Array } | void = () => {}) {
  const bitmaps: FakeBitmap[] = [];
  const fake = vi.fn(async (blob: Blob, _options?: ImageBitmapOptions) => {
    const png = decode(new Uint8Array(await blob.arrayBuffer()));
    const rgba = new Uint8Array(png.width * png.height * 4);
    for (let i = 0; i < png.width * png.height; i++) rgba.set([png.data[i], png.data[i], png.data[i], 255], i * 4);
    const changed = alter(rgba, png.width, png.height) ?? { width: png.width, height: png.height, rgba };
    const bitmap: FakeBitmap = {
      width: changed.width,
      height: changed.height,
      data: changed.rgba,
      closed: 0,
      close() {
        this.closed += 1;
      },
    };
    bitmaps.push(bitmap);
    return bitmap;
  });
  vi.stubGlobal('createImageBitmap', fake);
  return { fake, bitmaps };
}

/** Every bitmap the stub made has settled (decoded-ahead ones included), and any close() queued on them has run. */
export async function bitmapsSettled(fake: ReturnType<typeof stubNativeDecoder>['fake']): Promise<void> {
  await Promise.allSettled(fake.mock.results.map((r) => r.value));
  await new Promise((resolve) => setTimeout(resolve, 0));
}
