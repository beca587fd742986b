/** The pad's shared store: the cells that show the drawing hear of each new one and of a cleared pad, once. */
import { describe, expect, it } from 'vitest';
import { PadStore } from '../../../../src/notebook/services/pad-store';

describe('PadStore', () => {
  it('tells its listeners of a new drawing and of a cleared pad, numbering the drawings, not of the same one twice', () => {
    const s = new PadStore();
    let told = 0;
    const stop = s.subscribe(() => told++);
    expect(s.getSnapshot()).toBeNull();
    const a = new Uint8Array(784).fill(9);
    s.show(a);
    s.show(a);
    s.show(a.slice());
    expect(told, 'the same pixels, even in a new array, are no change').toBe(1);
    expect(s.getSnapshot()).toEqual({ pixels: a, version: 1 });
    s.show(new Uint8Array(784));
    expect(s.getSnapshot()!.version).toBe(2);
    s.show(null);
    s.show(null);
    expect(s.getSnapshot()).toBeNull();
    expect(told).toBe(3);
    // A drawing after a clear is a new one, numbered on.
    s.show(a);
    expect(s.getSnapshot()!.version).toBe(3);
    stop();
    s.show(null);
    expect(told).toBe(4);
  });
});
