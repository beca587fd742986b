/**
 * The link's one reader and one writer: every group of the URL table is read once when the page
 * starts, and written back through a single debounced history.replaceState, so a link always
 * reproduces the sample and the training settings together.
 */
import { URL_GROUPS, mergeUrl, readGroup, type UrlGroupName, type UrlRead, type UrlReadContext, type UrlValues } from './url-state';

/** The parts of `window` the store touches, so a test can hand it a fake. */
export interface UrlHost {
  readonly location: { readonly pathname: string; readonly search: string; readonly hash: string };
  readonly history: { readonly state: unknown; replaceState(data: unknown, unused: string, url: string): void };
  setTimeout(handler: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

/** Reads and writes the page's link through the URL table. */
export interface UrlStore {
  /** Each group as the link named it when the store was made, with what was ignored and why. */
  readonly initial: { readonly [G in UrlGroupName]: UrlRead<UrlValues[G]> };
  /** One group as the link names it now (after back/forward). */
  read<G extends UrlGroupName>(name: G): UrlRead<UrlValues[G]>;
  /**
   * Queues a group's value; the link is rewritten once, the group's delay after the last write.
   * Returns a cancel that drops this value if it is still pending (for an effect's cleanup).
   */
  write<G extends UrlGroupName>(name: G, value: UrlValues[G]): () => void;
}

/** A store over `host` (the window); `context` is what the first read checks values against. */
export function createUrlStore(host: UrlHost, context: UrlReadContext = {}): UrlStore {
  const read = <G extends UrlGroupName>(name: G): UrlRead<UrlValues[G]> => readGroup(URL_GROUPS[name], host.location.search, context);
  const pending = new Map<UrlGroupName, UrlValues[UrlGroupName]>();
  let timer: number | null = null;

  const flush = () => {
    timer = null;
    const values = Object.fromEntries(pending) as Partial<UrlValues>;
    pending.clear();
    const { pathname, search, hash } = host.location;
    const next = mergeUrl(search, values);
    if (next !== search) host.history.replaceState(host.history.state, '', `${pathname}${next}${hash}`);
  };
  const stopTimer = () => {
    if (timer !== null) host.clearTimeout(timer);
    timer = null;
  };

  return {
    initial: { sample: read('sample'), training: read('training') },
    read,
    write(name, value) {
      pending.set(name, value);
      stopTimer();
      timer = host.setTimeout(flush, URL_GROUPS[name].writeDelayMs);
      return () => {
        if (pending.get(name) !== value) return;
        pending.delete(name);
        if (pending.size === 0) stopTimer();
      };
    },
  };
}
