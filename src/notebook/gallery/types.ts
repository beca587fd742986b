/** Where an image's 28x28 tile sits in a PNG sprite sheet. */
export interface SpriteTile {
  url: string;
  /** Tile's top-left corner in sheet pixels. */
  x: number;
  y: number;
  sheetWidth: number;
  sheetHeight: number;
}
