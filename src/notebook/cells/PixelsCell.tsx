import { useState } from 'react';
import { SPLIT_VARIABLES, type SplitName } from '../../data/format';
import { useDatasetSource } from '../hooks/useDatasetSource';
import { NumericGrid } from '../renderers/NumericGrid';
import { ScaleToggle } from '../renderers/ScaleToggle';
import type { PixelPoint, PixelScale } from '../renderers/types';
import { Cell, Pending } from './Cell';

export interface SampleCellProps {
  split: SplitName;
  index: number;
  pixels: Uint8Array | null;
  highlight: PixelPoint | null;
  onHover: (p: PixelPoint | null) => void;
}

/** The pixels cell: the raw numbers of the current sample, as print() shows them. */
export function PixelsCell({ split, index, pixels, highlight, onHover }: SampleCellProps) {
  const [scale, setScale] = useState<PixelScale>('int');
  const name = `${SPLIT_VARIABLES[split].images}[${index}]`;
  const { rows, cols, kind } = useDatasetSource();
  return (
    <Cell
      id="pixels"
      prose={
        kind === 'mnist'
          ? 'This is all the computer sees: 28 rows of 28 integers from 0 to 255. The rows of zeros are the empty margin around the digit; the non-zero values trace the pen stroke, with in-between values where ink fades into paper.'
          : `This is all the computer sees: ${rows} rows of ${cols} integers from 0 to 255, from black (0) to white (255).`
      }
      code={[scale === 'int' ? `print(${name})` : `print(${name} / 255)`]}
      controls={<ScaleToggle value={scale} onChange={setScale} />}
    >
      {pixels ? <NumericGrid pixels={pixels} rows={rows} cols={cols} scale={scale} highlight={highlight} onHover={onHover} label={`${name} as numbers`} /> : <Pending>waiting for {name} to reach the tensors…</Pending>}
    </Cell>
  );
}
