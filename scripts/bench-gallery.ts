/** The gallery's scrolling, for `npm run bench`: frame intervals while it scrolls through the training images. */
import type { Page } from 'playwright-core';

export interface GalleryScroll {
  frames: number;
  rowsScrolled: number;
  frameP50Ms: number;
  frameP95Ms: number;
  frameMaxMs: number;
  maxItemsInDom: number;
}

/**
 * Scrolls the gallery of 60,000 training images by 400 px a frame for 240 frames and
 * reports frame intervals and the most thumbnails ever in the DOM (virtualization at work).
 */
export async function measureGalleryScroll(page: Page): Promise<GalleryScroll | null> {
  await page.getByTestId('gallery.scroller').scrollIntoViewIfNeeded();
  return page.evaluate(async () => {
    const scroller = document.querySelector('[data-testid="gallery.scroller"]');
    if (!(scroller instanceof HTMLElement)) return null;
    const frames: number[] = [];
    let maxItems = 0;
    let last = await new Promise<number>((r) => requestAnimationFrame(r));
    for (let i = 0; i < 240; i++) {
      scroller.scrollTop += 400;
      const now = await new Promise<number>((r) => requestAnimationFrame(r));
      frames.push(now - last);
      last = now;
      maxItems = Math.max(maxItems, scroller.querySelectorAll('[data-testid="gallery.item"]').length);
    }
    const sorted = [...frames].sort((a, b) => a - b);
    // Inline (no named helpers): tsx would wrap them in a __name call the page does not have.
    const [p50, p95, max] = [0.5, 0.95, 1].map((q) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10);
    return { frames: frames.length, rowsScrolled: Math.round(scroller.scrollTop / 76), frameP50Ms: p50, frameP95Ms: p95, frameMaxMs: max, maxItemsInDom: maxItems };
  });
}
