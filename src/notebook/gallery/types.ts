/** Where an image's tile (28x28 for MNIST, rows x cols for a learner's dataset) sits in a PNG sprite sheet. */
export interface SpriteTile {
  url: string;
  /** Tile's top-left corner in sheet pixels. */
  x: number;
  y: number;
  sheetWidth: number;
  sheetHeight: number;
  /** Tile size in sheet pixels; absent means 28 x 28. */
  tileWidth?: number;
  tileHeight?: number;
}
