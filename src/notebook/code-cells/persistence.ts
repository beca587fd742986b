/** The notebook's cells in localStorage: a versioned JSON document, read back defensively. */
import type { CellContent } from './cells';

/** Bump the version when the stored shape changes; older documents are then ignored (the lesson shows). */
export const STORAGE_KEY = 'mnist-notebook.expr-cells.v1';
export const STORAGE_VERSION = 1;
/** A stored notebook larger than this is refused (localStorage holds ~5 MB per origin). */
export const MAX_STORED_CHARS = 1_000_000;

interface StoredNotebook {
  version: number;
  cells: CellContent[];
}

/** The text stored for `cells`. */
export function serializeCells(cells: readonly CellContent[]): string {
  const doc: StoredNotebook = { version: STORAGE_VERSION, cells: cells.map((c) => (c.collapsed ? { type: c.type, source: c.source, collapsed: true } : { type: c.type, source: c.source })) };
  return JSON.stringify(doc);
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Reads stored text back; anything malformed or of another version is an error with a reason. */
export function tryParseStoredCells(text: string | null): ParseResult<CellContent[]> {
  if (text === null) return { ok: false, error: 'nothing stored' };
  if (text.length > MAX_STORED_CHARS) return { ok: false, error: `stored notebook too large (${text.length} characters)` };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, error: 'stored notebook is not JSON' };
  }
  if (!isRecord(doc)) return { ok: false, error: 'stored notebook is not an object' };
  if (doc.version !== STORAGE_VERSION) return { ok: false, error: `stored notebook has version ${String(doc.version)}, expected ${STORAGE_VERSION}` };
  if (!Array.isArray(doc.cells)) return { ok: false, error: 'stored notebook has no cells array' };
  const cells: CellContent[] = [];
  for (const [k, c] of doc.cells.entries()) {
    if (!isRecord(c) || (c.type !== 'code' && c.type !== 'markdown') || typeof c.source !== 'string') return { ok: false, error: `stored cell ${k} is malformed` };
    cells.push(c.collapsed === true ? { type: c.type, source: c.source, collapsed: true } : { type: c.type, source: c.source });
  }
  return { ok: true, value: cells };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
