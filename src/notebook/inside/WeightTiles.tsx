/** The kernels as a grid of small pictures on a diverging colour map (blue negative, white zero, red positive). */
import { memo, useEffect, useRef } from 'react';
import { divergingRgba, type WeightPictures, type WeightTile } from '../../model/weight-views';

/** CSS px per weight: a 28x28 dense template at 2x, a 5x5 kernel at 8x. */
const tileZoom = (t: WeightTile) => Math.max(2, Math.floor(56 / Math.max(t.rows, t.cols)));

const Tile = memo(function Tile({ tile, scale }: { tile: WeightTile; scale: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (context) context.putImageData(new ImageData(divergingRgba(tile.values, scale), tile.cols, tile.rows), 0, 0);
  }, [tile, scale]);
  const zoom = tileZoom(tile);
  return (
    <figure className="inside-tile">
      <canvas
        ref={ref}
        className="nb-pixelated"
        width={tile.cols}
        height={tile.rows}
        style={{ width: tile.cols * zoom, height: tile.rows * zoom }}
        data-testid="inside.tile"
        data-unit={tile.unit}
        aria-label={`unit ${tile.unit}: weights from -${scale.toPrecision(2)} (blue) to ${scale.toPrecision(2)} (red), norm ${tile.norm.toPrecision(3)}`}
      />
      <figcaption>{tile.unit}</figcaption>
    </figure>
  );
});

export function WeightTiles({ pictures }: { pictures: WeightPictures }) {
  return (
    <div className="inside-tiles-block">
      <p className="inside-legend">
        <span className="inside-swatch negative" /> -{pictures.scale.toPrecision(2)} <span className="inside-swatch zero" /> 0 <span className="inside-swatch positive" /> +{pictures.scale.toPrecision(2)}
        <span className="inside-note"> one scale for every picture (the 0.5% of weights beyond it at the ends); strongest (largest norm) first, the number is the unit</span>
      </p>
      <div className="inside-tiles" data-testid="inside.tiles" data-count={pictures.tiles.length}>
        {pictures.tiles.map((tile) => (
          <Tile key={tile.unit} tile={tile} scale={pictures.scale} />
        ))}
      </div>
    </div>
  );
}
