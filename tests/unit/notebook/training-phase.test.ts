/** The one rule for "training is busy" that the controls, the resume offer and the saved-models panel share with the service. */
import { describe, expect, it } from 'vitest';
import { isTrainingBusy, isWeightsChanging, type TrainingPhase } from '../../../src/notebook/services/training-types';

// Typed as a record, so a new phase fails to compile here until the test says what it is.
const EXPECTED: Record<TrainingPhase, { busy: boolean; changing: boolean }> = {
  idle: { busy: false, changing: false },
  starting: { busy: true, changing: true },
  running: { busy: true, changing: true },
  paused: { busy: true, changing: false },
  stopping: { busy: true, changing: true },
  stopped: { busy: false, changing: false },
  done: { busy: false, changing: false },
  failed: { busy: false, changing: false },
};

describe('training phases', () => {
  it.each(Object.entries(EXPECTED) as [TrainingPhase, { busy: boolean; changing: boolean }][])('%s: busy and changing are %j', (phase, want) => {
    expect(isTrainingBusy(phase)).toBe(want.busy);
    expect(isWeightsChanging(phase)).toBe(want.changing);
  });
});
