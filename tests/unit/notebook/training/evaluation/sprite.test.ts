import { describe, expect, it } from 'vitest';
import { MISTAKE_SCALE, MISTAKE_TILE_PX, spriteStyle } from '../../../../../src/notebook/training/evaluation/sprite';

describe('spriteStyle', () => {
  const tile = { url: 'data/mnist/test-0.png', x: 280, y: 56, sheetWidth: 2800, sheetHeight: 2800 };

  it('draws 28 px tiles at 2x', () => {
    expect(MISTAKE_SCALE).toBe(2);
    expect(MISTAKE_TILE_PX).toBe(56);
  });

  it.each([
    [1, '-280px -56px', '2800px 2800px'],
    [2, '-560px -112px', '5600px 5600px'],
    [3, '-840px -168px', '8400px 8400px'],
  ])('scale %s offsets the sheet and scales its size', (scale, position, size) => {
    expect(spriteStyle(tile, scale)).toEqual({ backgroundImage: 'url("data/mnist/test-0.png")', backgroundPosition: position, backgroundSize: size });
  });

  it('prints the first tile at 0px, not -0px', () => {
    expect(spriteStyle({ ...tile, x: 0, y: 0 })!.backgroundPosition).toBe('0px 0px');
  });

  it('escapes quotes so a URL cannot break out of url("")', () => {
    expect(spriteStyle({ ...tile, url: 'a"b.png' })!.backgroundImage).toBe('url("a%22b.png")');
  });

  it('is null while the sheet is loading', () => expect(spriteStyle(null)).toBeNull());
});
