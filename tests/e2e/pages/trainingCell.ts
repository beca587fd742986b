/** Cells 8 and 9: the training panel (settings, controls, progress, charts) and the evaluation. */
import type { Locator, Page } from 'playwright-core';

export type SettingsFieldId = 'optimizer' | 'learningRate' | 'schedule' | 'batchSize' | 'epochs' | 'subsetSize' | 'validation' | 'validationFraction' | 'seed';
export type ControlId = 'train' | 'pause' | 'resume' | 'step' | 'stop' | 'reset' | 'continue';

export class TrainingCell {
  readonly root: Locator;
  readonly evaluation: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('cell.train');
    this.evaluation = page.getByTestId('cell.evaluate');
  }

  field(id: SettingsFieldId): Locator {
    return this.page.getByTestId(`train.settings.${id}`);
  }

  fieldError(id: SettingsFieldId): Locator {
    return this.page.getByTestId(`train.settings.${id}.error`);
  }

  /** Replaces a text field's content as a user would type it. */
  async type(id: SettingsFieldId, text: string): Promise<void> {
    const input = this.field(id);
    await input.fill('');
    await input.pressSequentially(text);
  }

  control(id: ControlId): Locator {
    return this.page.getByTestId(`train.controls.${id}`);
  }

  /** The rate the live control says the optimizer uses now ("learning rate now 0.00431"), or null before a run. */
  async currentLearningRate(): Promise<number | null> {
    const text = (await this.page.locator('.train-live-lr label').textContent()) ?? '';
    const m = /learning rate now ([0-9.e+-]+)/.exec(text);
    return m ? Number(m[1]) : null;
  }

  async phase(): Promise<string | null> {
    return this.page.getByTestId('train.controls').getAttribute('data-phase');
  }

  /** Batch points in the loss chart's series. */
  async lossPoints(): Promise<number> {
    return Number((await this.page.getByTestId('train.chart.loss').getAttribute('data-points')) ?? 'NaN');
  }

  /** Batches trained so far, from the service's own series (the chart draws them a little later). */
  async batchesTrained(): Promise<number> {
    return this.page.evaluate(() => window.__mnistTraining?.series.length ?? Number.NaN);
  }

  async epochPoints(): Promise<number> {
    return Number((await this.page.getByTestId('train.chart.loss').getAttribute('data-epochs')) ?? 'NaN');
  }

  lrMarkers(): Locator {
    return this.page.getByTestId('train.chart.lr-marker');
  }

  /** Test accuracy shown by the evaluation cell (0..1), or null if none yet. */
  async testAccuracy(): Promise<number | null> {
    const el = this.page.getByTestId('eval.accuracy');
    if ((await el.count()) === 0) return null;
    return Number(await el.getAttribute('data-accuracy'));
  }

  async accuracyText(): Promise<string> {
    return (await this.page.getByTestId('eval.accuracy').textContent()) ?? '';
  }

  confusionCells(): Locator {
    return this.page.getByTestId('eval.confusion.cell');
  }

  message(): Locator {
    return this.page.getByTestId('train.message');
  }
}
