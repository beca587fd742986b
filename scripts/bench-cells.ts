/**
 * The notebook's own cells over all of the training images, for `npm run bench`: each reduction is
 * typed into one code cell and run with its Run button, as a learner would, twice per load (the first
 * run compiles its shaders, the second is what a repeat costs). Per run: ms from the click to the frame
 * after the answer is in the page, the longest main-thread task meanwhile ('longtask' entries, and the
 * longest gap between animation frames where long tasks are not reported), and the answer as shown.
 * The answer is only recorded, never parsed: its text changes with the evaluator.
 */
import type { Page } from 'playwright-core';
import type { LongTaskEntry } from '../bench/record';
import { round } from './bench-common';
import { spread, type Spread } from './bench-start';

/** The cells timed, in the order they run (issue 11, point 6), then two more of NumPy's float64 loops replayed on the host bytes. */
export const BENCH_CELLS = ['training_images.sum()', '(training_images > 0).sum()', 'training_images.mean()', 'training_images.std()', '(training_images / 255).mean()', 'test_images.std()'] as const;

/** Each cell, each run: the answer within 0.5 s, and no main-thread task over 200 ms while it runs. */
export const CELL_TARGETS = { answerMs: 500, longestTaskMs: 200 } as const;

/** The runs of a cell in one load: the first (shaders compiled) and the one after. */
export const CELL_ATTEMPTS = ['first', 'again'] as const;
export type CellAttempt = (typeof CELL_ATTEMPTS)[number];

/** Characters of an answer kept (an error's text can be long). */
const ANSWER_MAX_CHARS = 200;

/** One run of one cell. */
export interface CellTiming {
  source: string;
  attempt: CellAttempt;
  /** 'done' or 'error' as the cell shows it, or 'timeout' when no answer came. */
  state: string;
  /** Run click to the frame after the answer appeared. */
  answerMs: number | null;
  /** Longest 'longtask' overlapping the run; 0 when there were none; null when the browser reports none at all. */
  longestTaskMs: number | null;
  longTasks: number;
  /** Longest interval between animation frames during the run (a main-thread stall shows here too). */
  frameGapMaxMs: number | null;
  answer: string | null;
}

/** What the page measures for one click (see ARM_CELL). */
interface PageTiming {
  state: string;
  clickedAt: number | null;
  shownAt: number | null;
  frameGapMaxMs: number | null;
  answer: string | null;
  longTaskSupported: boolean;
}

/** The longest of the long tasks overlapping [from, to] (performance.now() ms), and how many overlap. */
export function longestTaskIn(entries: readonly LongTaskEntry[], from: number, to: number): { count: number; maxMs: number } {
  const overlapping = entries.filter((e) => e.startTime < to && e.startTime + e.duration > from);
  return { count: overlapping.length, maxMs: overlapping.reduce((max, e) => Math.max(max, e.duration), 0) };
}

/** An answer as the figures keep it: whitespace runs folded, at most ANSWER_MAX_CHARS. */
export function clipAnswer(text: string | null): string | null {
  if (text === null) return null;
  const folded = text.replace(/\s+/g, ' ').trim();
  return folded.length > ANSWER_MAX_CHARS ? `${folded.slice(0, ANSWER_MAX_CHARS - 1)}…` : folded;
}

/** One cell's figures over the bench's runs, for one attempt. */
export interface CellSummary {
  source: string;
  attempt: CellAttempt;
  answerMs: Spread;
  /** Longest task over all runs (null when never reported). */
  longestTaskMs: number | null;
  frameGapMaxMs: number | null;
  /** Runs without an answer (timeouts) or whose cell showed an error. */
  failedRuns: number;
  /** The distinct answers shown, in order of first appearance. */
  answers: string[];
  /** Median within answerMs, every run's longest task within longestTaskMs, and no failed run. */
  pass: boolean;
}

const maxOrNull = (values: (number | null)[]): number | null => {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length ? Math.max(...xs) : null;
};

/** Per cell and attempt, in BENCH_CELLS order: the spread of answer times, the longest stall, the answers, and the target check. */
export function summarizeCells(timings: readonly CellTiming[]): CellSummary[] {
  const sources = [...BENCH_CELLS, ...timings.map((t) => t.source).filter((s) => !(BENCH_CELLS as readonly string[]).includes(s))];
  const out: CellSummary[] = [];
  for (const attempt of CELL_ATTEMPTS) {
    for (const source of new Set(sources)) {
      const runs = timings.filter((t) => t.source === source && t.attempt === attempt);
      if (runs.length === 0) continue;
      const answered = runs.filter((t) => t.state === 'done');
      const answerMs = spread(answered.map((t) => t.answerMs));
      const longestTaskMs = maxOrNull(runs.map((t) => t.longestTaskMs));
      const frameGapMaxMs = maxOrNull(runs.map((t) => t.frameGapMaxMs));
      const stall = longestTaskMs ?? frameGapMaxMs;
      const failedRuns = runs.length - answered.length;
      out.push({
        source,
        attempt,
        answerMs,
        longestTaskMs,
        frameGapMaxMs,
        failedRuns,
        answers: [...new Set(runs.map((t) => t.answer ?? `(${t.state})`))],
        pass: failedRuns === 0 && answerMs.medianMs !== null && answerMs.medianMs <= CELL_TARGETS.answerMs && stall !== null && stall <= CELL_TARGETS.longestTaskMs,
      });
    }
  }
  return out;
}

/** The stderr lines of the cells' figures, one per cell and attempt. */
export function cellSummaryLines(summaries: readonly CellSummary[]): string[] {
  const ms = (v: number | null) => (v === null ? '-' : `${v} ms`);
  return summaries.map((s) => {
    const a = s.answerMs;
    const time = a.medianMs === null ? 'no answer' : `${a.medianMs} ms (${a.minMs}-${a.maxMs}, ${a.runs} runs)`;
    const failed = s.failedRuns ? `, ${s.failedRuns} failed` : '';
    return `cell ${s.source} [${s.attempt}]: ${time}, longest task ${ms(s.longestTaskMs)}, longest frame gap ${ms(s.frameGapMaxMs)}${failed}; ${s.pass ? 'meets' : 'misses'} <= ${CELL_TARGETS.answerMs} ms / task <= ${CELL_TARGETS.longestTaskMs} ms; answer: ${s.answers.join(' | ')}`;
  });
}

/**
 * Runs in the page before the click (a string: tsx's helpers do not exist there). window.__benchCell
 * becomes a promise of PageTiming: the click on cell `index`'s Run button, the frame after its
 * data-state turns done/error with a new data-count, the longest frame gap in between, the answer text.
 */
const ARM_CELL = (index: number, timeoutMs: number) => `(() => {
  const cell = document.querySelectorAll('[data-testid="expr.cell"]')[${index}];
  const run = cell.querySelector('[data-testid="expr.cell.run"]');
  const before = cell.getAttribute('data-count');
  const longTaskSupported = (PerformanceObserver.supportedEntryTypes || []).includes('longtask');
  window.__benchCell = new Promise((resolve) => {
    let clickedAt = null;
    let last = null;
    let gap = 0;
    let finished = false;
    const answer = () => {
      for (const id of ['expr.cell.text', 'expr.cell.stream', 'expr.cell.error', 'expr.cell.out-prompt']) {
        const el = cell.querySelector('[data-testid="' + id + '"]');
        if (el) return el.textContent;
      }
      return null;
    };
    const end = (state, shownAt) => {
      if (finished) return;
      finished = true;
      observer.disconnect();
      resolve({ state, clickedAt, shownAt, frameGapMaxMs: clickedAt === null ? null : gap, answer: answer(), longTaskSupported });
    };
    const frame = () => {
      if (finished) return;
      const now = performance.now();
      if (last !== null) gap = Math.max(gap, now - last);
      if (clickedAt !== null) last = now;
      requestAnimationFrame(frame);
    };
    run.addEventListener('click', () => { clickedAt = performance.now(); last = clickedAt; }, { capture: true, once: true });
    requestAnimationFrame(frame);
    const observer = new MutationObserver(() => {
      const state = cell.getAttribute('data-state');
      if (clickedAt === null || (state !== 'done' && state !== 'error') || cell.getAttribute('data-count') === before) return;
      observer.disconnect();
      requestAnimationFrame(() => end(state, performance.now()));
    });
    observer.observe(cell, { attributes: true, attributeFilter: ['data-state', 'data-count'] });
    setTimeout(() => end('timeout', null), ${timeoutMs});
  });
})()`;

/** Waits for the page's long-task observer to deliver entries of a task that just ended. */
const LONG_TASK_DELIVERY_MS = 150;

/**
 * On a loaded app page (dataset verified, long-task recorder installed): waits for the lesson's cells
 * to finish, appends a code cell, and runs each of BENCH_CELLS in it twice (CELL_ATTEMPTS).
 */
export async function measureCells(page: Page, timeoutMs: number): Promise<CellTiming[]> {
  await page.waitForFunction(
    () => {
      const expr = document.querySelector('[data-testid="expr"]');
      return expr?.getAttribute('data-ready') === 'yes' && expr.getAttribute('data-pending') === '0';
    },
    null,
    { timeout: timeoutMs, polling: 100 },
  );
  const index = await page.getByTestId('expr.cell').count();
  await page.getByTestId('expr.add-code').click();
  const cell = page.getByTestId('expr.cell').nth(index);
  await cell.scrollIntoViewIfNeeded();
  const timings: CellTiming[] = [];
  for (const attempt of CELL_ATTEMPTS) {
    for (const source of BENCH_CELLS) {
      await cell.getByTestId('expr.cell.editor').fill(source);
      await page.evaluate(ARM_CELL(index, timeoutMs));
      await cell.getByTestId('expr.cell.run').click();
      const t = (await page.evaluate('window.__benchCell')) as PageTiming;
      await page.waitForTimeout(LONG_TASK_DELIVERY_MS);
      const entries = (await page.evaluate('window.__benchLongTasks || []')) as LongTaskEntry[];
      const answered = t.clickedAt !== null && t.shownAt !== null;
      const tasks = t.clickedAt === null ? { count: 0, maxMs: 0 } : longestTaskIn(entries, t.clickedAt, t.shownAt ?? Infinity);
      timings.push({
        source,
        attempt,
        state: t.state,
        answerMs: answered ? round(t.shownAt! - t.clickedAt!, 0) : null,
        longestTaskMs: t.longTaskSupported ? round(tasks.maxMs, 0) : null,
        longTasks: tasks.count,
        frameGapMaxMs: round(t.frameGapMaxMs, 0),
        answer: clipAnswer(t.answer),
      });
    }
  }
  return timings;
}
