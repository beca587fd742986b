/**
 * The lesson's numbered cells in page order. A cell's position is its step number (In [n]) and the
 * source of every cross-reference ("cells 3 to 6 above"), so inserting a cell here renumbers the
 * page, and naming an id that is not here is a compile error. Pure data: no React, so cells can
 * import it without a cycle and the numbering is tested without a DOM.
 */

/** Frames wrap consecutive cells that share page furniture: the sticky sample bar, the side-by-side pair. */
export type FrameId = 'sample' | 'pair';

/** Each frame's enclosing frame (null at the top), so a cell names only its innermost frame. */
const FRAME_PARENT: Readonly<Record<FrameId, FrameId | null>> = { sample: null, pair: 'sample' };

/** One numbered cell: its id (the cell's data-testid is `cell.<id>`), heading, and innermost frame. */
export interface CellEntry<Id extends string = string> {
  readonly id: Id;
  readonly title: string;
  readonly frame?: FrameId;
}

export const CELLS = [
  { id: 'dataset', title: 'Load the dataset' },
  { id: 'shape', title: 'Examine the shape' },
  { id: 'pixels', title: 'Print the raw numbers', frame: 'pair' },
  { id: 'image', title: 'Render it', frame: 'pair' },
  { id: 'labels', title: 'Check the labels', frame: 'sample' },
  { id: 'grey', title: 'Count the grey levels', frame: 'sample' },
  { id: 'gallery', title: 'Browse all samples' },
  { id: 'stats', title: 'Class balance and the average digit' },
  { id: 'train', title: 'Train a network' },
  { id: 'evaluate', title: 'Evaluate' },
  { id: 'inside', title: 'Inside the network' },
  { id: 'draw', title: 'Draw a digit' },
] as const satisfies readonly CellEntry[];

/** The id of a cell in the registry. */
export type CellId = (typeof CELLS)[number]['id'];

/** The 1-based position of `id` in `cells`; throws for an id that is not there (only a hand-made list can miss one). */
export function stepIn<Id extends string>(cells: readonly CellEntry<Id>[], id: Id): number {
  const at = cells.findIndex((c) => c.id === id);
  if (at < 0) throw new Error(`registry: no cell '${id}'`);
  return at + 1;
}

/** "3 to 6": the steps from `from` to `to` inclusive, as prose names them; throws if `to` comes before `from`. */
export function rangeIn<Id extends string>(cells: readonly CellEntry<Id>[], from: Id, to: Id): string {
  const first = stepIn(cells, from);
  const last = stepIn(cells, to);
  if (last < first) throw new Error(`registry: '${to}' comes before '${from}'`);
  return first === last ? String(first) : `${first} to ${last}`;
}

/** The step number (In [n]) of a cell of the notebook. */
export function stepOf(id: CellId): number {
  return stepIn(CELLS, id);
}

/** The steps from one cell of the notebook to another, e.g. stepRange('pixels', 'gallery') is "3 to 7". */
export function stepRange(from: CellId, to: CellId): string {
  return rangeIn(CELLS, from, to);
}

/** The heading of a cell of the notebook. */
export function cellTitle(id: CellId): string {
  return CELLS[stepOf(id) - 1].title;
}

/** A cell, or a frame around consecutive cells: the tree the notebook renders. */
export type LayoutNode<Id extends string = CellId> = { kind: 'cell'; id: Id } | { kind: 'frame'; frame: FrameId; children: LayoutNode<Id>[] };

function framePath(frame: FrameId | undefined): FrameId[] {
  const path: FrameId[] = [];
  for (let f = frame ?? null; f !== null; f = FRAME_PARENT[f]) path.unshift(f);
  return path;
}

/** Groups runs of consecutive cells that share a frame (nested frames inside their parents), keeping the order. */
export function layoutCells<Id extends string>(cells: readonly CellEntry<Id>[]): LayoutNode<Id>[] {
  const root: LayoutNode<Id>[] = [];
  const open: { frame: FrameId; children: LayoutNode<Id>[] }[] = [];
  for (const cell of cells) {
    const path = framePath(cell.frame);
    let depth = 0;
    while (depth < open.length && depth < path.length && open[depth].frame === path[depth]) depth++;
    open.length = depth;
    for (; depth < path.length; depth++) {
      const node = { kind: 'frame' as const, frame: path[depth], children: [] as LayoutNode<Id>[] };
      (depth === 0 ? root : open[depth - 1].children).push(node);
      open.push(node);
    }
    (open.length > 0 ? open[open.length - 1].children : root).push({ kind: 'cell', id: cell.id });
  }
  return root;
}
