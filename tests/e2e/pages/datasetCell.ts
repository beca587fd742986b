/** Header badge and cell 1 (dataset loading, errors, notices, memory). */
import type { Locator, Page } from 'playwright-core';
import { readAttr, readText } from './dom';

/** Loading all 70,000 images into tensors takes seconds on a 2-core machine with software WebGL. */
export const LOAD_TIMEOUT_MS = 100_000;

export class DatasetCell {
  readonly badge: Locator;
  readonly root: Locator;
  readonly progress: Locator;
  readonly error: Locator;
  readonly notice: Locator;
  readonly memory: Locator;

  constructor(readonly page: Page) {
    this.badge = page.getByTestId('dataset.badge');
    this.root = page.getByTestId('cell.dataset');
    this.progress = page.getByTestId('cell.dataset.progress');
    this.error = page.getByTestId('cell.dataset.error');
    this.notice = page.getByTestId('cell.dataset.notice');
    this.memory = page.getByTestId('cell.dataset.memory');
  }

  verified(): Promise<string | null> {
    return readAttr(this.badge, 'data-verified');
  }

  backend(): Promise<string | null> {
    return readAttr(this.badge, 'data-backend');
  }

  errorText(): Promise<string | null> {
    return readText(this.error);
  }

  noticeText(): Promise<string | null> {
    return readText(this.notice);
  }

  /** What the page shows about loading, for failure messages. */
  async describe(): Promise<string> {
    const badge = await this.badge.evaluateAll((els) =>
      els.length ? `${els[0].textContent} [verified=${els[0].getAttribute('data-verified')} backend=${els[0].getAttribute('data-backend')} phase=${els[0].getAttribute('data-phase')}]` : '(no badge)',
    );
    const progress = await this.progress.evaluateAll((els) =>
      els.length ? `${els[0].textContent} [${els[0].getAttribute('data-loaded-images')}/${els[0].getAttribute('data-total-images')}]` : '(no progress)',
    );
    return [`badge: ${badge}`, `progress: ${progress}`, `error: ${(await this.errorText()) ?? '(none)'}`, `notice: ${(await this.noticeText()) ?? '(none)'}`].join('\n');
  }

  /** Waits until the whole dataset is loaded and verified (badge data-verified="yes"); fails fast on a load error. */
  async waitUntilLoaded(timeout = LOAD_TIMEOUT_MS): Promise<void> {
    const outcome = await this.page
      .waitForFunction(
        () => {
          if (document.querySelector('[data-testid="cell.dataset.error"]')) return 'error';
          const badge = document.querySelector('[data-testid="dataset.badge"]');
          return badge?.getAttribute('data-verified') === 'yes' ? 'yes' : false;
        },
        undefined,
        { timeout, polling: 100 },
      )
      .then((handle) => handle.jsonValue())
      .catch(() => 'timeout');
    if (outcome !== 'yes') {
      throw new Error(`dataset did not load and verify (${outcome} after up to ${timeout} ms):\n${await this.describe()}`);
    }
  }

  /** Waits for the load error message and returns its text. */
  async waitForError(timeout = LOAD_TIMEOUT_MS): Promise<string> {
    const text = await this.page
      .waitForFunction(() => document.querySelector('[data-testid="cell.dataset.error"]')?.textContent?.trim() || false, undefined, { timeout, polling: 100 })
      .then((handle) => handle.jsonValue())
      .catch(() => null);
    if (typeof text !== 'string') throw new Error(`no cell.dataset.error after up to ${timeout} ms:\n${await this.describe()}`);
    return text;
  }
}
