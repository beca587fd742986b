/** The saved-models panel's buttons while training: they are enabled exactly when the services accept the action. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { SavedModelEntry } from '../../../../src/model/model-store';
import type { LibraryStatus } from '../../../../src/notebook/services/model-library';
import type { TrainingPhase, TrainingStatus } from '../../../../src/notebook/services/training-types';
import { SavedModels } from '../../../../src/notebook/training/models/SavedModels';

const ENTRY = { name: 'dense-2000', savedAt: 0, bytes: 1000, layers: ['Dense 10 softmax'], metadata: { architecture: 'dense', params: 7850, testAccuracy: 0.9, epochs: 1 } } as unknown as SavedModelEntry;
const LIBRARY: LibraryStatus = { entries: [ENTRY], busy: null, notice: null, confirmReplace: null, storage: null };
const state = vi.hoisted(() => ({ phase: 'idle' as string }));

// The selector hooks read the statuses directly: server rendering has no store snapshots to subscribe to.
vi.mock('../../../../src/notebook/hooks/useTrainingSelector', () => ({
  useTrainingSelector: <T,>(select: (s: TrainingStatus) => T) => select({ phase: state.phase, run: {}, loadedModel: null } as unknown as TrainingStatus),
}));
vi.mock('../../../../src/notebook/training/models/useModelLibrary', () => ({
  useModelLibrary: () => ({ load: () => {}, loadFiles: () => {} }),
  useLibrarySelector: <T,>(select: (s: LibraryStatus) => T) => select(LIBRARY),
}));

function render(phase: TrainingPhase): string {
  state.phase = phase;
  return renderToStaticMarkup(createElement(SavedModels));
}

/** The opening tag of the element with this data-testid. */
function tag(html: string, testId: string): string {
  const found = html.match(new RegExp(`<[^>]*data-testid="${testId.replace('.', '\\.')}"[^>]*>`));
  if (!found) throw new Error(`no ${testId} in ${html}`);
  return found[0];
}
const disabled = (html: string, testId: string) => / disabled=""/.test(tag(html, testId));
const title = (html: string, testId: string) => tag(html, testId).match(/title="([^"]*)"/)?.[1] ?? null;

describe('SavedModels while training', () => {
  it.each([
    // phase, save and download, load (files and saved), rename and delete
    ['running', true, true, true],
    ['paused', false, true, false],
    ['done', false, false, false],
  ] as [TrainingPhase, boolean, boolean, boolean][])('%s: save disabled %s, load disabled %s, rename/delete disabled %s', (phase, save, load, edit) => {
    const html = render(phase);
    expect(disabled(html, 'models.save')).toBe(save);
    expect(disabled(html, 'models.download')).toBe(save);
    expect(disabled(html, 'models.files.button')).toBe(load);
    expect(disabled(html, 'models.item.load')).toBe(load);
    expect(disabled(html, 'models.item.rename')).toBe(edit);
    expect(disabled(html, 'models.item.delete')).toBe(edit);
  });

  it('says what to do: pause or stop to save, stop to load', () => {
    const paused = render('paused');
    expect(title(paused, 'models.files.button')).toBe('Stop training first.');
    expect(title(paused, 'models.item.load')).toBe('Stop training first.');
    expect(title(paused, 'models.save')).toBe('Keeps the current model in this browser (IndexedDB).');
    const running = render('running');
    expect(title(running, 'models.save')).toBe('Pause or stop training first.');
    expect(title(running, 'models.files.button')).toBe('Stop training first.');
    expect(title(render('done'), 'models.files.button')).toBe('Choose model.json and its weights file(s).');
  });
});

describe('SavedModels and the browser storage', () => {
  it('a refused save offers the download under its name; the storage used and available, or that the browser does not say', () => {
    Object.assign(LIBRARY, {
      notice: { tone: 'error', text: "'big' was not saved in this browser: no room.", download: 'big' },
      storage: { persistence: 'denied', use: { state: 'known', usage: 3 * 1024 * 1024, quota: 10 * 1024 * 1024 } },
    });
    try {
      const html = render('done');
      expect(tag(html, 'models.notice.download')).not.toMatch(/disabled/);
      expect(html).toContain('Download &#x27;big&#x27; instead');
      expect(html).toMatch(/data-testid="models.storage.use">3.0 MiB used, 7.0 MiB available in this browser</);
      expect(html).toMatch(/persistent storage not granted/);
      LIBRARY.notice = { tone: 'error', text: 'Deleting failed.' };
      LIBRARY.storage = { persistence: 'unsupported', use: { state: 'unsupported' } };
      const without = render('done');
      expect(without).not.toContain('models.notice.download');
      expect(without).toMatch(/data-testid="models.storage.use">this browser does not say how much storage the page uses/);
    } finally {
      Object.assign(LIBRARY, { notice: null, storage: null });
    }
    expect(render('done')).not.toContain('models.storage');
  });
});
