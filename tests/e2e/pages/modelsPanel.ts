/** The "Saved models" panel in the training cell, and the resume offer above the charts. */
import type { Locator, Page } from 'playwright-core';

export interface ModelFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export class ModelsPanel {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('models');
  }

  nameInput(): Locator {
    return this.page.getByTestId('models.save.name');
  }

  saveButton(): Locator {
    return this.page.getByTestId('models.save');
  }

  /** Types a name and presses Save in browser. */
  async save(name: string): Promise<void> {
    await this.nameInput().fill(name);
    await this.saveButton().click();
  }

  replacePrompt(): Locator {
    return this.page.getByTestId('models.replace');
  }

  notice(): Locator {
    return this.page.getByTestId('models.notice');
  }

  async noticeText(): Promise<string> {
    return (await this.notice().count()) === 0 ? '' : ((await this.notice().textContent()) ?? '');
  }

  async noticeTone(): Promise<string | null> {
    return (await this.notice().count()) === 0 ? null : this.notice().getAttribute('data-tone');
  }

  items(): Locator {
    return this.page.getByTestId('models.item');
  }

  item(name: string): Locator {
    return this.page.locator(`[data-testid="models.item"][data-name="${name}"]`);
  }

  /** Saved model names, newest first. */
  async names(): Promise<string[]> {
    return this.items().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
  }

  /** The test accuracy stored with a saved model (0..1), or null. */
  async savedAccuracy(name: string): Promise<number | null> {
    const value = await this.item(name).getAttribute('data-accuracy');
    return value ? Number(value) : null;
  }

  async load(name: string): Promise<void> {
    await this.item(name).getByTestId('models.item.load').click();
  }

  /** Gives files to the hidden file input, as choosing them in the dialog would. */
  async loadFiles(files: ModelFile[]): Promise<void> {
    await this.page.getByTestId('models.files').setInputFiles(files);
  }

  current(): Locator {
    return this.page.getByTestId('models.current');
  }

  resumeOffer(): Locator {
    return this.page.getByTestId('train.resume');
  }

  resumeButton(): Locator {
    return this.page.getByTestId('train.resume.button');
  }

  discardButton(): Locator {
    return this.page.getByTestId('train.resume.discard');
  }
}
