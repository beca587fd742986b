/** The expression notebook ("Your own cells"): its cells, their outputs, export and import. */
import type { Download, Locator, Page } from 'playwright-core';
import { readText } from './dom';

/** What one cell shows, read in one go so a poll can wait for it. */
export interface ExprCellSnapshot {
  index: number;
  type: string;
  state: string;
  count: string;
  prompt: string;
  source: string | null;
  text: string | null;
  stream: string | null;
  error: string | null;
  /** The note under the answer (a uint8 wrap-around, what type() is here), when there is one. */
  hint: string | null;
  grid: number[][] | null;
  image: boolean;
  strip: number | null;
}

/** One cell's output in full, to hold against NumPy's answer (tests/e2e/golden.ts). */
export interface ExprCellOutput {
  /** done | error, or running / idle when no answer came in time. */
  state: string;
  /** The Out value as text, what print() wrote, the error's text. */
  text: string | null;
  stream: string | null;
  error: string | null;
  /** A printed image's numbers, row-major. */
  grid: number[] | null;
  /** A drawn image: its grey levels and its note ("array of shape (28, 28), uint8"). */
  image: { pixels: number[]; note: string | null } | null;
  strip: { count: number; total: number; note: string | null } | null;
  table: { cells: string[][]; note: string | null } | null;
}

export class ExprNotebook {
  readonly root: Locator;
  readonly cells: Locator;
  readonly runAll: Locator;
  readonly reset: Locator;
  readonly exportButton: Locator;
  readonly importInput: Locator;
  readonly notice: Locator;
  readonly addCode: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('expr');
    this.cells = page.getByTestId('expr.cell');
    this.runAll = page.getByTestId('expr.run-all');
    this.reset = page.getByTestId('expr.reset');
    this.exportButton = page.getByTestId('expr.export');
    this.importInput = page.getByTestId('expr.import');
    this.notice = page.getByTestId('expr.notice');
    this.addCode = page.getByTestId('expr.add-code');
  }

  /** Every cell's state and output (grids as numbers), in order. */
  snapshot(): Promise<ExprCellSnapshot[]> {
    return this.cells.evaluateAll((elements) =>
      elements.map((el, index) => {
        const text = (id: string) => el.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;
        const grid = el.querySelector('[data-testid="expr.cell.grid"]');
        const strip = el.querySelector('[data-testid="expr.cell.strip"]');
        return {
          index,
          type: el.getAttribute('data-type') ?? '',
          state: el.getAttribute('data-state') ?? '',
          count: el.getAttribute('data-count') ?? '',
          prompt: text('expr.cell.prompt') ?? '',
          source: el.querySelector('textarea')?.value ?? null,
          text: text('expr.cell.text'),
          stream: text('expr.cell.stream'),
          error: text('expr.cell.error'),
          hint: text('expr.cell.hint'),
          grid: grid ? Array.from(grid.querySelectorAll('tr')).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => Number(td.getAttribute('data-value')))) : null,
          image: el.querySelector('[data-testid="expr.cell.image"]') !== null,
          strip: strip ? Number(strip.getAttribute('data-count')) : null,
        };
      }),
    );
  }

  /** The first cell whose editor holds exactly `source`, or undefined. */
  async cell(source: string): Promise<ExprCellSnapshot | undefined> {
    return (await this.snapshot()).find((c) => c.source === source);
  }

  /** The red channel of the k-th cell's drawn image (its grey levels), or null when it has none. */
  imagePixels(index: number): Promise<number[] | null> {
    return canvasGreys(this.cells.nth(index).getByTestId('expr.cell.image'));
  }

  /** Types `source` into the cell at `index` and runs it with Shift+Enter. */
  async typeAndRun(index: number, source: string): Promise<void> {
    const editor = this.cells.nth(index).getByTestId('expr.cell.editor');
    await editor.fill(source);
    await editor.press('Shift+Enter');
  }

  /**
   * Types `source` into the cell at `index`, clicks its Run button and waits (up to `timeoutMs`) for a
   * new answer; returns the cell's output then (its state tells when none came).
   */
  async runAndRead(index: number, source: string, timeoutMs: number): Promise<ExprCellOutput> {
    const cell = this.cells.nth(index);
    const before = await cell.getAttribute('data-count');
    await cell.getByTestId('expr.cell.editor').fill(source);
    await cell.getByTestId('expr.cell.run').click();
    await this.page
      .waitForFunction(
        ([k, count]) => {
          const el = document.querySelectorAll('[data-testid="expr.cell"]')[k];
          const state = el?.getAttribute('data-state');
          return (state === 'done' || state === 'error') && el.getAttribute('data-count') !== count;
        },
        [index, before] as const,
        { timeout: timeoutMs, polling: 20 },
      )
      .catch(() => undefined);
    return this.output(index);
  }

  /** The k-th cell's output as ExprCellOutput, read after a frame (an image is drawn in an effect). */
  output(index: number): Promise<ExprCellOutput> {
    return this.cells.nth(index).evaluate(async (el) => {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const q = (id: string) => el.querySelector(`[data-testid="${id}"]`);
      const text = (id: string) => q(id)?.textContent ?? null;
      const grid = q('expr.cell.grid');
      const canvas = q('expr.cell.image');
      const strip = q('expr.cell.strip');
      const table = q('expr.cell.table');
      let image: ExprCellOutput['image'] = null;
      if (canvas instanceof HTMLCanvasElement) {
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
        image = { pixels: Array.from({ length: data.length / 4 }, (_, i) => data[4 * i]), note: canvas.closest('figure')?.querySelector('figcaption')?.textContent ?? null };
      }
      return {
        state: el.getAttribute('data-state') ?? '',
        text: text('expr.cell.text'),
        stream: text('expr.cell.stream'),
        error: text('expr.cell.error'),
        grid: grid ? Array.from(grid.querySelectorAll('td')).map((td) => Number(td.getAttribute('data-value'))) : null,
        image,
        strip: strip ? { count: Number(strip.getAttribute('data-count')), total: Number(strip.getAttribute('data-total')), note: strip.querySelector('.nb-note')?.textContent ?? null } : null,
        table: table
          ? {
              cells: Array.from(table.querySelectorAll('tbody tr')).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
              note: table.closest('.expr-table-wrap')?.querySelector('.nb-note')?.textContent ?? null,
            }
          : null,
      };
    });
  }

  /** Adds a code cell at the end; returns its index. */
  async appendCodeCell(): Promise<number> {
    const before = await this.cells.count();
    await this.addCode.click();
    return before;
  }

  /** Clicks Export and returns the downloaded file's text. */
  async exportText(): Promise<string> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.exportButton.click()]);
    return readDownload(download);
  }

  /** Imports a file as if chosen in the file dialog. */
  async importFile(name: string, text: string): Promise<void> {
    await this.importInput.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') });
  }

  noticeText(): Promise<string | null> {
    return readText(this.notice);
  }
}

/** The red channel of a canvas (the grey level of each pixel), or null when there is none. */
export function canvasGreys(canvas: Locator): Promise<number[] | null> {
  return canvas.evaluateAll((elements) => {
    const el = elements[0];
    if (!(el instanceof HTMLCanvasElement)) return null;
    const ctx = el.getContext('2d');
    if (!ctx) return null;
    const data = ctx.getImageData(0, 0, el.width, el.height).data;
    const out: number[] = [];
    for (let i = 0; i < data.length; i += 4) out.push(data[i]);
    return out;
  });
}

async function readDownload(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
