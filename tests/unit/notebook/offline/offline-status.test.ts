import { describe, expect, it } from 'vitest';
import { INITIAL_OFFLINE_STATUS, offlineMessage, offlineReducer, type OfflineEvent, type OfflineStatus } from '../../../../src/notebook/offline/offline-status';

const run = (events: OfflineEvent[], from: OfflineStatus = INITIAL_OFFLINE_STATUS): OfflineStatus => events.reduce(offlineReducer, from);

describe('what the page says about working offline', () => {
  it.each<[string, OfflineEvent[], OfflineStatus['kind']]>([
    ['before registering', [], 'idle'],
    ['registering the first time', [{ type: 'register' }, { type: 'registered', cached: false }], 'caching'],
    ['the first install done', [{ type: 'register' }, { type: 'registered', cached: false }, { type: 'offline-ready' }], 'ready'],
    ['a later visit, the version already cached', [{ type: 'register' }, { type: 'registered', cached: true }], 'ready'],
    ['a new version waiting', [{ type: 'register' }, { type: 'registered', cached: true }, { type: 'need-refresh' }], 'update'],
    ['a new version waiting, then anything', [{ type: 'register' }, { type: 'need-refresh' }, { type: 'offline-ready' }, { type: 'error', message: 'x' }, { type: 'registered', cached: true }], 'update'],
    ['registration refused', [{ type: 'register' }, { type: 'error', message: 'SecurityError' }], 'failed'],
    ['an error after the cache is ready', [{ type: 'register' }, { type: 'offline-ready' }, { type: 'error', message: 'offline' }], 'ready'],
  ])('%s', (_name, events, kind) => {
    expect(run(events).kind).toBe(kind);
  });

  it('without service workers (the dev server, plain http) nothing changes it', () => {
    const events: OfflineEvent[] = [{ type: 'register' }, { type: 'offline-ready' }, { type: 'need-refresh' }];
    expect(run(events, { kind: 'unsupported' })).toEqual({ kind: 'unsupported' });
  });

  it('returns the same object when nothing changes, so the notice does not re-render', () => {
    const ready = run([{ type: 'register' }, { type: 'offline-ready' }]);
    expect(offlineReducer(ready, { type: 'offline-ready' })).toBe(ready);
    expect(offlineReducer(ready, { type: 'registered', cached: true })).toBe(ready);
  });

  it('says it is ready offline, offers the update, names the failure, and is silent otherwise', () => {
    expect(offlineMessage({ kind: 'ready' })).toMatch(/^Ready to work offline/);
    expect(offlineMessage({ kind: 'update' })).toMatch(/new version/);
    expect(offlineMessage({ kind: 'caching' })).toMatch(/offline use/);
    expect(offlineMessage({ kind: 'failed', message: 'SecurityError: insecure' })).toBe('Offline use is not available: SecurityError: insecure');
    expect(offlineMessage({ kind: 'idle' })).toBeNull();
    expect(offlineMessage({ kind: 'unsupported' })).toBeNull();
  });
});
