/** Cell 6: the virtualized thumbnail gallery with a label filter and jump-to-index. */
import type { Locator, Page } from 'playwright-core';
import { enterText } from './dom';

export interface GalleryItem {
  index: number;
  label: number;
  selected: boolean;
}

export class GalleryCell {
  readonly root: Locator;
  readonly filter: Locator;
  readonly jump: Locator;
  readonly jumpError: Locator;
  readonly scroller: Locator;
  readonly items: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('cell.gallery');
    this.filter = page.getByTestId('gallery.filter');
    this.jump = page.getByTestId('gallery.jump');
    this.jumpError = page.getByTestId('gallery.jump.error');
    this.scroller = page.getByTestId('gallery.scroller');
    this.items = page.getByTestId('gallery.item');
  }

  /** 'all' or a digit '0'..'9'. */
  async setFilter(value: string): Promise<void> {
    await this.filter.selectOption(value);
  }

  async jumpTo(text: string | number): Promise<void> {
    await enterText(this.jump, String(text));
  }

  /** Every gallery.item currently in the DOM (virtualized: only those near the viewport). */
  renderedItems(): Promise<GalleryItem[]> {
    return this.items.evaluateAll((elements) =>
      elements.map((el) => ({
        index: Number(el.getAttribute('data-index')),
        label: Number(el.getAttribute('data-label')),
        selected: el.getAttribute('aria-selected') === 'true',
      })),
    );
  }

  /** Scrolls the gallery to a fraction (0..1) of its scrollable height, as a scrollbar drag would. */
  async scrollToFraction(fraction: number): Promise<void> {
    await this.scroller.evaluate((el, f) => {
      el.scrollTop = Math.round((el.scrollHeight - el.clientHeight) * f);
    }, fraction);
  }

  /** Scrolls with the mouse wheel over the gallery. */
  async wheel(deltaY: number): Promise<void> {
    await this.scroller.hover();
    await this.scroller.page().mouse.wheel(0, deltaY);
  }
}
