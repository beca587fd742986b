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
  grid: number[][] | null;
  image: boolean;
  strip: number | null;
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
