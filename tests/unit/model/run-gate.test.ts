import { describe, expect, it } from 'vitest';
import { RunGate } from '../../../src/model/run-gate';
import { tick } from './fixtures';

/** Starts gate.pass and records whether (and how) it has settled. */
function passing(gate: RunGate, onPark: () => void = () => {}) {
  const outcome: { value?: boolean } = {};
  const done = gate.pass(onPark).then((v) => (outcome.value = v));
  return { outcome, done };
}

describe('RunGate', () => {
  it('lets the loop through until a stop, which ends it', async () => {
    const gate = new RunGate();
    expect(await gate.pass(() => {})).toBe(true);
    gate.requestStop();
    expect(await gate.pass(() => {})).toBe(false);
  });

  it('parks on a pause (resolving the pause), and a cleared pause plus a wake lets the loop on', async () => {
    const gate = new RunGate();
    let parks = 0;
    const paused = gate.requestPause();
    const { outcome, done } = passing(gate, () => parks++);
    await paused;
    await tick();
    expect(parks).toBe(1);
    expect(outcome.value).toBeUndefined();
    gate.clearPause();
    gate.wakeLoop();
    await done;
    expect(outcome.value).toBe(true);
  });

  it('a step while parked lets exactly one batch through and resolves at the next park', async () => {
    const gate = new RunGate();
    void gate.requestPause();
    const first = passing(gate);
    await tick();
    const stepped = gate.requestStep();
    await first.done;
    expect(first.outcome.value).toBe(true);
    const second = passing(gate);
    await stepped;
    await tick();
    expect(second.outcome.value).toBeUndefined();
    gate.requestStop();
    await second.done;
    expect(second.outcome.value).toBe(false);
  });

  it('arm(true) runs one batch, then parks; reset drops every request', async () => {
    const gate = new RunGate();
    gate.arm(true);
    expect(await gate.pass(() => {})).toBe(true);
    const parked = passing(gate);
    await tick();
    expect(parked.outcome.value).toBeUndefined();
    gate.requestStop();
    await parked.done;
    gate.reset();
    expect(await gate.pass(() => {})).toBe(true);
    gate.requestStop();
    gate.arm(false);
    expect(await gate.pass(() => {})).toBe(true);
  });

  it('settleParked resolves the waiters (a run that ends instead of parking)', async () => {
    const gate = new RunGate();
    let settled = false;
    void gate.whenParked().then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    gate.settleParked();
    await tick();
    expect(settled).toBe(true);
  });
});
