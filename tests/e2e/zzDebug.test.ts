import { describe, expect, it } from 'vitest';
import { openPage, useBrowser } from './browser';
import { ExprNotebook } from './pages/exprNotebook';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';

const browser = useBrowser();
const CELLS = (process.env.CELLS ?? '').split('|||');

describe('debug', () => {
  it('runs cells', async () => {
    const page = await openPage(browser());
    await new Notebook(page).open();
    const expr = new ExprNotebook(page);
    await expect.poll(() => expr.root.getAttribute('data-ready'), { timeout: UI_TIMEOUT_MS }).toBe('yes');
    await expect.poll(() => expr.root.getAttribute('data-pending'), { timeout: 120_000 }).toBe('0');
    const at = await expr.appendCodeCell();
    for (const c of CELLS) {
      const t0 = Date.now();
      const shown = await expr.runAndRead(at, c, 60_000);
      console.log(`CELL ${c} => ${JSON.stringify(shown).slice(0, 300)} (${Date.now() - t0} ms)`);
    }
  }, 600_000);
});
