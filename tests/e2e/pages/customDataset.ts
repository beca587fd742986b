/** "Your own dataset" in cell 1, and the header badge's side of it (name, Back to MNIST). */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { readAttr, readText } from './dom';

/** A file handed to the file chooser. */
export interface UploadFile {
  name: string;
  buffer: Buffer;
}

/** Checking and loading a few hundred images takes well under this, even on a slow machine. */
export const UPLOAD_TIMEOUT_MS = 60_000;

export class CustomDatasetPanel {
  readonly root: Locator;
  readonly input: Locator;
  readonly names: Locator;
  readonly fashion: Locator;
  readonly load: Locator;
  readonly message: Locator;
  readonly files: Locator;
  readonly badge: Locator;
  readonly badgeName: Locator;
  readonly back: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('cell.dataset.custom');
    this.input = page.getByTestId('cell.dataset.custom.input');
    this.names = page.getByTestId('cell.dataset.custom.names');
    this.fashion = page.getByTestId('cell.dataset.custom.fashion');
    this.load = page.getByTestId('cell.dataset.custom.load');
    this.message = page.getByTestId('cell.dataset.custom.message');
    this.files = page.getByTestId('cell.dataset.custom.files');
    this.badge = page.getByTestId('dataset.badge');
    this.badgeName = page.getByTestId('dataset.badge.name');
    this.back = page.getByTestId('dataset.badge.back');
  }

  /** Opens the area (a <details>) if it is closed. */
  async open(): Promise<void> {
    await this.root.evaluate((el) => {
      (el as HTMLDetailsElement).open = true;
    });
  }

  /** Chooses `files` in the file chooser, optionally with the Fashion-MNIST label names, and presses Load. */
  async upload(files: UploadFile[], options: { fashionNames?: boolean } = {}): Promise<void> {
    await this.open();
    await this.input.setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: f.buffer })));
    await expect.poll(() => this.files.locator('li').count(), { message: 'cell.dataset.custom.files lists the chosen files' }).toBe(files.length);
    if (options.fashionNames) await this.fashion.click();
    else await this.names.fill('');
    await this.load.click();
  }

  /** Drops `files` on the drop zone as a drag from the desktop would (a DataTransfer of File objects), then presses Load. */
  async drop(files: UploadFile[]): Promise<void> {
    await this.open();
    const payload = files.map((f) => ({ name: f.name, base64: f.buffer.toString('base64') }));
    await this.page.getByTestId('cell.dataset.custom.drop').evaluate((zone, items) => {
      const transfer = new DataTransfer();
      for (const item of items) {
        const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], item.name));
      }
      zone.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
      zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }, payload);
    await expect.poll(() => this.files.locator('li').count(), { message: 'cell.dataset.custom.files lists the dropped files' }).toBe(files.length);
    await this.names.fill('');
    await this.load.click();
  }

  /** data-state of the message: checking, loading, done or error (null before any upload). */
  state(): Promise<string | null> {
    return readAttr(this.message, 'data-state');
  }

  messageText(): Promise<string | null> {
    return readText(this.message);
  }

  /** 'mnist' or 'custom'. */
  source(): Promise<string | null> {
    return readAttr(this.badge, 'data-source');
  }

  badgeText(): Promise<string | null> {
    return readText(this.badgeName);
  }

  /** Waits for the upload to finish and returns its outcome ('done' or 'error'). */
  async waitForOutcome(timeout = UPLOAD_TIMEOUT_MS): Promise<string> {
    let state: string | null = null;
    await expect
      .poll(
        async () => {
          state = await this.state();
          return state === 'done' || state === 'error';
        },
        { timeout, message: 'cell.dataset.custom.message data-state done or error' },
      )
      .toBe(true);
    return state ?? '';
  }
}
