import { useEffect } from 'react';
import { SPLIT_VARIABLES } from '../../data/format';
import { useDatasetSource } from '../hooks/useDatasetSource';
import { PixelImage } from '../renderers/PixelImage';
import { PixelReadout } from '../renderers/PixelReadout';
import { Cell, Pending } from './Cell';
import type { SampleCellProps } from './PixelsCell';

/** The image cell: the same numbers drawn as an image, 0 black and 255 white; hover links to the grid. */
export function ImageCell({ split, index, pixels, highlight, onHover, label }: SampleCellProps & { label: number | null }) {
  const name = `${SPLIT_VARIABLES[split].images}[${index}]`;
  const { rows, cols, kind, classNames } = useDatasetSource();
  // 280 CSS px for MNIST's 28 px (zoom 10), about the same for any other size.
  const zoom = Math.max(1, Math.floor(280 / Math.max(rows, cols)));
  const labelText = label === null ? '' : `, labelled ${label}${classNames?.[label] ? ` (${classNames[label]})` : ''}`;
  useEffect(() => {
    if (pixels && performance.getEntriesByName('mnist:first-digit').length === 0) performance.mark('mnist:first-digit');
  }, [pixels]);
  return (
    <Cell
      id="image"
      prose={
        kind === 'mnist'
          ? 'Drawn as pixels, the same array is plainly a handwritten digit: 0 is black, 255 is white and the values between are greys, so the digit shows white on black. Hover a pixel to find its number in the grid, or a number to find its pixel.'
          : 'Drawn as pixels, the same array becomes a picture: 0 is black, 255 is white and the values between are greys. Hover a pixel to find its number in the grid, or a number to find its pixel.'
      }
      code={[`plt.imshow(${name}, cmap='gray')`]}
    >
      {pixels ? (
        <>
        <PixelImage
          pixels={pixels}
          rows={rows}
          cols={cols}
          zoom={zoom}
          highlight={highlight}
          onHover={onHover}
          testId="cell.image.canvas"
          dataAttrs={{ 'data-index': String(index), 'data-split': split }}
          label={`${name}${labelText}`}
        />
        <PixelReadout expression={name} pixels={pixels} cols={cols} point={highlight} testId="cell.image.readout" />
        </>
      ) : (
        <Pending>waiting for {name}…</Pending>
      )}
    </Cell>
  );
}
