import { describe, expect, it } from 'vitest';
import type { ClassAccuracy } from '../../../../../src/model/evaluate';
import { argmax, weakestClass } from '../../../../../src/notebook/training/evaluation/ranking';

describe('argmax', () => {
  it.each([
    [[0.1, 0.7, 0.2], 1],
    [[0.5, 0.5, 0.1], 0],
    [[0.1, 0.4, 0.4], 1],
    [[NaN, 0.2, 0.1], 1],
    [[0.2, NaN, 0.9], 2],
    [[NaN, NaN], -1],
    [[], -1],
    [[-3, -1, -2], 1],
    [[0, 0, 0], 0],
    [[1, Infinity, 5], 1],
  ])('%j -> %s', (values, want) => expect(argmax(values)).toBe(want));

  it('reads typed arrays', () => expect(argmax(Float32Array.from([0.1, 0.2, 0.6, 0.1]))).toBe(2));
});

const acc = (correct: number, total: number): ClassAccuracy => ({ correct, total, accuracy: total > 0 ? correct / total : 0 });

describe('weakestClass', () => {
  it.each([
    ['lowest accuracy wins', [acc(98, 100), acc(90, 100), acc(95, 100)], 1],
    ['empty classes are skipped, not weakest at 0%', [acc(0, 0), acc(90, 100), acc(95, 100)], 1],
    ['a tie goes to the class with more wrong images', [acc(9, 10), acc(99, 100), acc(90, 100)], 2],
    ['a full tie goes to the lower digit', [acc(99, 100), acc(90, 100), acc(90, 100)], 1],
    ['all equal: nothing stands out', [acc(9, 10), acc(90, 100), acc(18, 20)], null],
    ['all perfect: nothing to flag', [acc(10, 10), acc(5, 5)], null],
    ['no images at all', [acc(0, 0), acc(0, 0)], null],
    ['nothing', [], null],
    ['only one class with images', [acc(0, 0), acc(3, 4)], null],
    ['a 0% class is weakest', [acc(0, 5), acc(5, 5)], 0],
  ] as [string, ClassAccuracy[], number | null][])('%s', (_, perClass, want) => expect(weakestClass(perClass)).toBe(want));
});
