/** The services' plumbing: frame-coalesced notification and sprite tiles for thumbnails. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Manifest, SheetManifest } from '../../../src/data/format';
import { spriteTile } from '../../../src/notebook/gallery/sprite';
import { FramePublisher } from '../../../src/notebook/services/frame-publisher';

describe('FramePublisher', () => {
  let frames: (() => void)[] = [];
  const saved = { raf: globalThis.requestAnimationFrame, caf: globalThis.cancelAnimationFrame };
  beforeEach(() => {
    frames = [];
    globalThis.requestAnimationFrame = ((cb: FrameRequestCallback) => frames.push(() => cb(0))) as typeof requestAnimationFrame;
    globalThis.cancelAnimationFrame = ((id: number) => (frames[id - 1] = () => {})) as typeof cancelAnimationFrame;
  });
  afterEach(() => {
    globalThis.requestAnimationFrame = saved.raf;
    globalThis.cancelAnimationFrame = saved.caf;
  });
  const runFrames = () => frames.splice(0).forEach((f) => f());

  it('notifies once per frame however many changes come before it', () => {
    const p = new FramePublisher();
    let calls = 0;
    p.subscribe(() => calls++);
    p.publish(false);
    p.publish(false);
    p.publish(false);
    expect(calls).toBe(0);
    runFrames();
    expect(calls).toBe(1);
    p.publish(false);
    runFrames();
    expect(calls).toBe(2);
  });

  it('notifies at once when asked, dropping the pending frame, and stops after unsubscribe', () => {
    const p = new FramePublisher();
    let calls = 0;
    const off = p.subscribe(() => calls++);
    p.publish(false);
    p.publish(true);
    expect(calls).toBe(1);
    runFrames();
    expect(calls, 'the pending frame was cancelled').toBe(1);
    off();
    p.publish(true);
    expect(calls).toBe(1);
  });
});

describe('spriteTile', () => {
  const sheet = (file: string, first: number, count: number, columns: number): SheetManifest => ({ file, first, count, columns, rows: Math.ceil(count / columns), width: columns * 28, height: Math.ceil(count / columns) * 28, bytes: 1, sha256: '' });
  const manifest = { splits: { train: { sheets: [sheet('train-0.png', 0, 100, 100), sheet('train-1.png', 100, 250, 100)] }, test: { sheets: [sheet('test-0.png', 0, 10, 5)] } } } as unknown as Manifest;

  it.each([
    ['train', 0, { url: 'http://h/base/train-0.png', x: 0, y: 0, sheetWidth: 2800, sheetHeight: 28 }],
    ['train', 99, { url: 'http://h/base/train-0.png', x: 99 * 28, y: 0, sheetWidth: 2800, sheetHeight: 28 }],
    ['train', 100, { url: 'http://h/base/train-1.png', x: 0, y: 0, sheetWidth: 2800, sheetHeight: 84 }],
    ['train', 349, { url: 'http://h/base/train-1.png', x: 49 * 28, y: 2 * 28, sheetWidth: 2800, sheetHeight: 84 }],
    ['test', 7, { url: 'http://h/base/test-0.png', x: 2 * 28, y: 28, sheetWidth: 140, sheetHeight: 56 }],
  ] as const)('%s[%i] is drawn from its sheet at its tile', (split, index, want) => {
    expect(spriteTile(manifest, split, 'http://h/base/', index)).toEqual({ ...want, tileWidth: 28, tileHeight: 28 });
  });

  it('passes absolute sheet URLs (a custom dataset\'s blob: URLs) through, with their tile size', () => {
    const custom = { splits: { train: { sheets: [{ ...sheet('blob:http://h/1234', 0, 10, 5), width: 5 * 32, height: 2 * 20 }] } } } as unknown as Manifest;
    expect(spriteTile(custom, 'train', 'http://h/base/', 6)).toEqual({ url: 'blob:http://h/1234', x: 32, y: 20, sheetWidth: 160, sheetHeight: 40, tileWidth: 32, tileHeight: 20 });
  });

  it('is null without a manifest or past the last sheet', () => {
    expect(spriteTile(null, 'train', 'base/', 0)).toBeNull();
    expect(spriteTile(manifest, 'train', 'base/', 350)).toBeNull();
    expect(spriteTile(manifest, 'test', 'base/', -1)).toBeNull();
  });
});
