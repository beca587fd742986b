/**
 * The notebook's cells in localStorage when the browser refuses: storage disabled (every access
 * throws), full (setItem throws QuotaExceededError), or a notebook too large to read back. Each is a
 * message the notebook shows, never an exception, and the notebook stored before stays as it was.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contentsOf, type NotebookCell } from '../../../../src/notebook/code-cells/cells';
import { MAX_STORED_CHARS, STORAGE_KEY, serializeCells } from '../../../../src/notebook/code-cells/persistence';
import { CellSaver, lessonCells, loadStoredCells, saveCells, storageProblem } from '../../../../src/notebook/code-cells/storage';

/** A localStorage holding at most `room` characters of values, throwing as browsers do beyond it. */
function fakeStorage(room = Infinity) {
  const items = new Map<string, string>();
  const used = () => [...items.values()].reduce((a, v) => a + v.length, 0);
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem(k: string, v: string) {
      if (used() - (items.get(k)?.length ?? 0) + v.length > room) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      items.set(k, v);
    },
    removeItem: (k: string) => void items.delete(k),
  };
}

function useStorage(storage: unknown) {
  vi.stubGlobal('window', { localStorage: storage });
}

const disabled = {
  getItem() {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
  setItem() {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
  removeItem() {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
};

const REFUSED = 'this browser does not let the page store data (a private window or a site setting forbids it)';

function edited(source: string): NotebookCell[] {
  return [...lessonCells(), { id: 'x', type: 'code', source, collapsed: false }];
}

afterEach(() => vi.unstubAllGlobals());

describe('notebook storage', () => {
  it('round trip; the untouched lesson is not stored', () => {
    const s = fakeStorage();
    useStorage(s);
    expect(saveCells(edited('1 + 1'))).toEqual({ ok: true, value: undefined });
    expect(contentsOf(loadStoredCells().cells).at(-1)?.source).toBe('1 + 1');
    expect(saveCells(lessonCells())).toEqual({ ok: true, value: undefined });
    expect(s.items.has(STORAGE_KEY)).toBe(false);
    expect(storageProblem()).toBeNull();
  });

  it('full: an error saying so, and the notebook stored before stays', () => {
    const small = serializeCells(contentsOf(edited('1 + 1'))).length;
    const s = fakeStorage(small + 10);
    useStorage(s);
    expect(saveCells(edited('1 + 1')).ok).toBe(true);
    expect(saveCells(edited('x'.repeat(100)))).toEqual({ ok: false, error: "the browser's storage for this page is full" });
    expect(contentsOf(loadStoredCells().cells).at(-1)?.source).toBe('1 + 1');
    // A full storage is not a disabled one: a smaller notebook may still fit.
    expect(storageProblem()).toBeNull();
  });

  it('larger than what is read back: refused, so the stored notebook is not replaced by one that would not load', () => {
    const s = fakeStorage();
    useStorage(s);
    saveCells(edited('1 + 1'));
    const r = saveCells(edited('x'.repeat(MAX_STORED_CHARS)));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^the notebook has [\d,]+ characters, more than the 1,000,000 kept in this browser$/);
    expect(contentsOf(loadStoredCells().cells).at(-1)?.source).toBe('1 + 1');
  });

  it('disabled (every access throws) or missing: the lesson loads, saving is an error, nothing throws', () => {
    for (const storage of [disabled, undefined]) {
      useStorage(storage);
      expect(loadStoredCells()).toMatchObject({ problem: null });
      expect(saveCells(edited('1'))).toEqual({ ok: false, error: REFUSED });
      expect(storageProblem()).toBe(REFUSED);
    }
  });

  it('CellSaver: reports the refusal at once, clears it after a save that works; the loaded cells are not written back', () => {
    const s = fakeStorage();
    s.items.set(STORAGE_KEY, '{"version": 99, "cells": []}');
    useStorage(s);
    const loaded = loadStoredCells();
    expect(loaded.problem).toBe('stored notebook has version 99, expected 1');
    const saver = new CellSaver(loaded);
    const changes = vi.fn();
    saver.subscribe(changes);
    expect(saver.getStatus()).toEqual({ unsaved: null, unreadable: 'stored notebook has version 99, expected 1' });
    // The page's first render saves what it loaded: the unreadable stored notebook must survive that.
    saver.save(saver.loadedCells);
    expect(s.items.get(STORAGE_KEY)).toBe('{"version": 99, "cells": []}');
    saver.save(edited('2'));
    expect(saver.getStatus()).toEqual({ unsaved: null, unreadable: null });
    expect(changes).toHaveBeenCalledTimes(1);

    useStorage(disabled);
    const refused = new CellSaver(loadStoredCells());
    expect(refused.getStatus()).toEqual({ unsaved: REFUSED, unreadable: null });
    useStorage(fakeStorage());
    refused.save(edited('3'));
    expect(refused.getStatus().unsaved).toBeNull();
    useStorage(fakeStorage(10));
    refused.save(edited('4'));
    expect(refused.getStatus().unsaved).toBe("the browser's storage for this page is full");
  });
});
