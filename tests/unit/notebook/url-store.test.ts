import { describe, expect, it } from 'vitest';
import { CNN_PRESET } from '../../../src/model/presets';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { DEFAULT_URL_STATE } from '../../../src/notebook/state/url-state';
import { createUrlStore, type UrlHost } from '../../../src/notebook/state/url-store';

/** A window with a query, a history that records replaceState, and timers advanced by hand. */
function fakeHost(search: string) {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  const writes: string[] = [];
  const host: UrlHost & { location: { pathname: string; search: string; hash: string } } = {
    location: { pathname: '/nb/', search, hash: '#cell.train' },
    history: {
      state: { kept: true },
      replaceState(data, _unused, url) {
        expect(data).toEqual({ kept: true });
        writes.push(url);
        host.location.search = new URL(url, 'http://x').search;
      },
    },
    setTimeout(run, ms) {
      timers.set(nextId, { at: now + ms, run });
      return nextId++;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, t] of [...timers]) {
      if (t.at <= now) {
        timers.delete(id);
        t.run();
      }
    }
  };
  return { host, writes, advance, pendingTimers: () => timers.size };
}

describe('the URL store', () => {
  it('reads every group once at the start, with the reasons for what it ignored', () => {
    const { host } = fakeHost('?split=nope&i=3&lr=abc&model=cnn&x=1');
    const store = createUrlStore(host);
    expect(store.initial.sample).toEqual({ value: { ...DEFAULT_URL_STATE, index: 3 }, ignored: [{ param: 'split', value: 'nope', reason: 'split must be train or test' }] });
    expect(store.initial.training.value).toEqual({ ...DEFAULT_SETTINGS, model: CNN_PRESET });
    expect(store.initial.training.ignored).toEqual([{ param: 'lr', value: 'abc', reason: "'abc' is not a number" }]);
  });

  it('checks the subset against the training images known at the start', () => {
    const { host } = fakeHost('?subset=6000');
    const store = createUrlStore(host, { maxSubset: 5000 });
    expect(store.initial.training.value.subsetSize).toBe(5000);
    expect(store.initial.training.ignored).toEqual([{ param: 'subset', value: '6000', reason: 'subset size must be from 1,000 to 5,000' }]);
  });

  it('re-reads a group from the location as it is now', () => {
    const { host } = fakeHost('');
    const store = createUrlStore(host);
    host.location.search = '?split=test&i=7';
    expect(store.read('sample').value).toEqual({ split: 'test', index: 7, filter: 'all' });
  });

  it('writes once, after the group has been quiet for its delay, keeping other parameters, the path and the hash', () => {
    const { host, writes, advance } = fakeHost('?x=1&i=3');
    const store = createUrlStore(host);
    store.write('sample', { split: 'test', index: 4, filter: 'all' });
    advance(100);
    store.write('sample', { split: 'test', index: 5, filter: 'all' });
    advance(149);
    expect(writes).toEqual([]);
    advance(1);
    expect(writes).toEqual(['/nb/?x=1&split=test&i=5#cell.train']);
  });

  it('waits longer for the settings, which change as one types', () => {
    const { host, writes, advance } = fakeHost('');
    createUrlStore(host).write('training', { ...DEFAULT_SETTINGS, epochs: 4 });
    advance(299);
    expect(writes).toEqual([]);
    advance(1);
    expect(writes).toEqual(['/nb/?epochs=4#cell.train']);
  });

  it('writes both groups in one replaceState, in table order, and moves only a changed group to the end afterwards', () => {
    const { host, writes, advance } = fakeHost('?model=cnn&split=test');
    const store = createUrlStore(host);
    store.write('training', store.initial.training.value);
    store.write('sample', store.initial.sample.value);
    advance(150);
    expect(writes).toEqual(['/nb/?split=test&model=cnn#cell.train']);
    store.write('sample', { split: 'test', index: 1, filter: 'all' });
    advance(150);
    expect(writes.at(-1)).toBe('/nb/?model=cnn&split=test&i=1#cell.train');
  });

  it('leaves history alone when the link would not change', () => {
    const { host, writes, advance } = fakeHost('?i=3&seed=9');
    const store = createUrlStore(host);
    store.write('sample', store.initial.sample.value);
    store.write('training', store.initial.training.value);
    advance(1000);
    expect(writes).toEqual([]);
  });

  it('drops a cancelled value but still writes the other group, and stops its timer when nothing is left', () => {
    const { host, writes, advance, pendingTimers } = fakeHost('');
    const store = createUrlStore(host);
    const cancelSample = store.write('sample', { split: 'test', index: 0, filter: 'all' });
    const cancelTraining = store.write('training', { ...DEFAULT_SETTINGS, seed: 7 });
    cancelTraining();
    advance(1000);
    expect(writes).toEqual(['/nb/?split=test#cell.train']);
    cancelSample();

    const cancel = store.write('training', { ...DEFAULT_SETTINGS, seed: 8 });
    cancel();
    expect(pendingTimers()).toBe(0);
    advance(1000);
    expect(writes).toHaveLength(1);
  });

  it('does not let a stale cancel drop a newer value', () => {
    const { host, writes, advance } = fakeHost('');
    const store = createUrlStore(host);
    const stale = store.write('sample', { split: 'test', index: 1, filter: 'all' });
    store.write('sample', { split: 'test', index: 2, filter: 'all' });
    stale();
    advance(150);
    expect(writes).toEqual(['/nb/?split=test&i=2#cell.train']);
  });
});
