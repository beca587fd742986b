/** The current-sample reducer: which split and image the notebook shows, and the gallery filter. */
import type { SplitName } from '../../data/format';
import type { DigitFilter, NotebookUrlState } from './url-state';

/** The current sample is exactly what a link reproduces. */
export type SampleState = NotebookUrlState;

/** Images per split; 0 (or missing) means not known yet, and indices are then left unclamped. */
export type SplitCounts = Partial<Record<SplitName, number>>;

/** select: go to an image (optionally in another split); step: move by delta; filter: change the gallery filter. */
export type SampleAction =
  | { type: 'select'; split?: SplitName; index: number }
  | { type: 'step'; delta: number }
  | { type: 'filter'; filter: DigitFilter };

/** Clamps an index into 0..count-1; an unknown count (<= 0) only clamps at 0. */
export function clampIndex(index: number, count: number | undefined): number {
  const whole = Number.isFinite(index) ? Math.trunc(index) : 0;
  const low = Math.max(0, whole);
  return count !== undefined && count > 0 ? Math.min(low, count - 1) : low;
}

/** Returns the next state; the same object when nothing changed, so React can skip the render. */
export function reduceSample(state: SampleState, action: SampleAction, counts: SplitCounts): SampleState {
  let next: SampleState;
  switch (action.type) {
    case 'select': {
      const split = action.split ?? state.split;
      next = { ...state, split, index: clampIndex(action.index, counts[split]) };
      break;
    }
    case 'step':
      next = { ...state, index: clampIndex(state.index + action.delta, counts[state.split]) };
      break;
    case 'filter':
      next = { ...state, filter: action.filter };
      break;
  }
  return next.split === state.split && next.index === state.index && next.filter === state.filter ? state : next;
}

/** The state with its index clamped to the split's size (e.g. a link's i=70000 once counts are known). */
export function clampSample(state: SampleState, counts: SplitCounts): SampleState {
  const index = clampIndex(state.index, counts[state.split]);
  return index === state.index ? state : { ...state, index };
}
