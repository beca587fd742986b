/**
 * The runs store against a real IndexedDB implementation (fake-indexeddb), and the memory store with the
 * same rules: round trips, the budget (the oldest runs' batches thinned, a run that cannot fit refused
 * with the store unchanged), two tabs recording at once, an import all or nothing, no IndexedDB at all.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../../src/lib/result';
import { recordBytes } from '../../../src/model/run-record';
import { createIndexedDbRunStore, createMemoryRunStore, storedBytes, tryParseRunName, type RunStore } from '../../../src/model/run-store';
import { fakeRun } from './run-fixtures';

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got: ${r.error}`);
  return r.value;
}
const ids = async (s: RunStore) => value(await s.list()).map((r) => r.id);

const kinds: [string, (budget?: number) => RunStore][] = [
  ['IndexedDB', (budget) => createIndexedDbRunStore(new IDBFactory(), budget)],
  ['memory', (budget) => createMemoryRunStore(budget)],
];

describe.each(kinds)('the %s runs store', (_, create) => {
  it('keeps runs newest first, as they were put; the same id replaces', async () => {
    const s = create();
    const a = fakeRun({ id: 'a', startedAt: 1 });
    const b = fakeRun({ id: 'b', startedAt: 2 });
    value(await s.put(a));
    value(await s.put(b));
    expect(await ids(s)).toEqual(['b', 'a']);
    expect(value(await s.list())[1]).toEqual(a);
    value(await s.put({ ...a, name: 'again' }));
    expect(value(await s.list()).map((r) => r.name)).toEqual([b.name, 'again']);
  });

  it('renames, deletes some, deletes all', async () => {
    const s = create();
    for (const id of ['a', 'b', 'c']) value(await s.put(fakeRun({ id, startedAt: id.charCodeAt(0) })));
    value(await s.rename('b', 'my run'));
    expect(value(await s.list()).find((r) => r.id === 'b')?.name).toBe('my run');
    expect((await s.rename('zz', 'x')).ok).toBe(false);
    value(await s.remove(['a', 'c']));
    expect(await ids(s)).toEqual(['b']);
    value(await s.clear());
    expect(await ids(s)).toEqual([]);
  });

  it('thins the oldest runs\u2019 batches to stay within its budget, the newest run whole', async () => {
    const old = fakeRun({ id: 'old', startedAt: 1, batchesPerEpoch: 200 });
    const young = fakeRun({ id: 'new', startedAt: 2, batchesPerEpoch: 200 });
    const s = create(recordBytes(old) + recordBytes(young) - 3000);
    value(await s.put(old));
    value(await s.put(young));
    const [newest, oldest] = value(await s.list());
    expect(newest).toEqual(young);
    expect(oldest.batches.examples.length).toBeLessThan(old.batches.examples.length);
    expect(oldest.epochs).toEqual(old.epochs);
    expect(storedBytes([newest, oldest])).toBeLessThanOrEqual(recordBytes(old) + recordBytes(young) - 3000);
  });

  it('refuses a run that cannot fit, with a message, and keeps what it had', async () => {
    // Short runs: no batch series to thin makes room for a second one.
    const a = fakeRun({ id: 'a', startedAt: 1, batchesPerEpoch: 2 });
    const s = create(recordBytes(a) + 100);
    value(await s.put(a));
    const r = await s.put(fakeRun({ id: 'b', startedAt: 2, batchesPerEpoch: 2 }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/runs store is full.*delete some runs/);
    expect(value(await s.list())).toEqual([a]);
  });

  it('imports all of a file or none of it', async () => {
    const short = (id: string, startedAt: number) => fakeRun({ id, startedAt, batchesPerEpoch: 2 });
    const s = create(recordBytes(short('a', 1)) * 2 + 100);
    value(await s.putAll([short('x', 5), short('y', 6)]));
    expect(await ids(s)).toEqual(['y', 'x']);
    expect((await s.putAll([short('p', 7), short('q', 8), short('r', 9)])).ok).toBe(false);
    expect(await ids(s)).toEqual(['y', 'x']);
  });
});

describe('the runs stores across tabs and failures', () => {
  it('two tabs recording at once: each run kept, neither overwrites the other', async () => {
    const idb = new IDBFactory();
    const tab1 = createIndexedDbRunStore(idb);
    const tab2 = createIndexedDbRunStore(idb);
    const writes: Promise<Result<void>>[] = [];
    for (let i = 0; i < 6; i++) writes.push((i % 2 ? tab1 : tab2).put(fakeRun({ id: `r${i}`, startedAt: i })));
    for (const w of await Promise.all(writes)) value(w);
    expect((await ids(tab1)).sort()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
    expect(await ids(createIndexedDbRunStore(idb))).toEqual(await ids(tab2));
  });

  it('without IndexedDB every call is a message, never a throw', async () => {
    const s = createIndexedDbRunStore(null);
    const r = await s.list();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^Reading the runs failed: this browser gives the page no IndexedDB/);
    expect((await s.put(fakeRun())).ok).toBe(false);
  });

  it('a failed write (the disk full) is a message and nothing is written', async () => {
    const s = createMemoryRunStore();
    value(await s.put(fakeRun({ id: 'a' })));
    s.failNext = true;
    const r = await s.put(fakeRun({ id: 'b' }));
    expect(!r.ok && r.error).toMatch(/no room left/);
    expect(await ids(s)).toEqual(['a']);
  });
});

describe('tryParseRunName', () => {
  it.each([
    ['  my run  ', { ok: true, value: 'my run' }],
    ['', { ok: false, error: 'a run needs a name' }],
    ['a\u0007b', { ok: false, error: 'a name cannot contain control characters' }],
  ])('%j', (raw, expected) => expect(tryParseRunName(raw)).toEqual(expected));

  it('refuses a name too long, saying how long', () => {
    expect(tryParseRunName('x'.repeat(81))).toEqual({ ok: false, error: 'a name has at most 80 characters; this one has 81' });
  });
});

