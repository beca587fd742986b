/** The grey-levels cell: how many pixels take each of the 256 values, in the sample, in its digit and in the whole split. */
import { memo, useMemo, useState } from 'react';
import { countGreyLevels, type GreyLevels } from '../../data/grey-levels';
import { SPLIT_VARIABLES, type SplitName } from '../../data/format';
import { formatCount } from '../../lib/format';
import { GreyHistogram } from '../charts/GreyHistogram';
import { useGreyLevels } from '../hooks/useGreyLevels';
import { useImages } from '../hooks/useImages';
import { Cell, Pending } from './Cell';

export interface GreyLevelsCellProps {
  split: SplitName;
  index: number;
  label: number | null;
}

export const GreyLevelsCell = memo(function GreyLevelsCell({ split, index, label }: GreyLevelsCellProps) {
  const [logScale, setLogScale] = useState(true);
  const sample = useImages(split, index, index + 1);
  const sampleCounts = useMemo(() => (sample.pixels && sample.range?.start === index && sample.range.split === split ? countGreyLevels(sample.pixels) : null), [sample, index, split]);
  const levels = useGreyLevels(split);
  const { images, labels } = SPLIT_VARIABLES[split];
  const name = `${images}[${index}]`;
  return (
    <Cell
      id="grey"
      prose="Every pixel is one of 256 grey levels, and they are far from evenly used: most of an MNIST image is background at exactly 0, the strokes' centres are at or near 255, and only their anti-aliased edges take the values between. That is why dividing by 255 (0..255 becomes 0..1, as a network's input usually is) keeps the picture and only changes the numbers."
      code={[`np.bincount(${name}.ravel(), minlength=256)`, `np.bincount(${images}[${labels} == ${label ?? 'label'}].ravel(), minlength=256)`, `np.bincount(${images}.ravel(), minlength=256)`]}
      controls={
        <label className="grey-controls">
          <input type="checkbox" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} data-testid="grey.log" /> log scale (a bar's height is log10(1 + count))
        </label>
      }
    >
      <div className="grey-charts">
        {sampleCounts ? <GreyHistogram title={name} counts={sampleCounts} logScale={logScale} testId="grey.sample" /> : <Pending>waiting for {name}…</Pending>}
        {levels && label !== null ? (
          <GreyHistogram title={`the ${formatCount(levels.classImages[label])} images of ${images} labelled ${label}`} counts={levels.byClass[label]} logScale={logScale} testId="grey.class" />
        ) : (
          <Pending>counting every pixel of {images} once the images are checked…</Pending>
        )}
        {levels && <GreyHistogram title={`all ${formatCount(levels.images)} images of ${images}`} counts={levels.all} logScale={logScale} testId="grey.split" />}
      </div>
      {levels && <CountedNote levels={levels} images={images} />}
    </Cell>
  );
});

/** Where the digit's and the split's counts were made: on the GPU from the tensor, or (partly) on the host from the bytes. */
function CountedNote({ levels, images }: { levels: GreyLevels; images: string }) {
  const pixels = formatCount(levels.images * levels.pixelsPerImage);
  const rate = levels.gpuPixelsPerSecond === null ? '' : ` at ${(levels.gpuPixelsPerSecond / 1e6).toFixed(1)} million pixels a second`;
  const where =
    levels.gpuImages === levels.images
      ? `were counted on the GPU, from the ${images} tensor itself${rate}`
      : levels.gpuImages > 0
        ? `were counted on the GPU from the ${images} tensor for the first ${formatCount(levels.gpuImages)} images${rate}, and on the CPU from the images' bytes for the rest, which is faster on this machine`
        : 'were counted on the CPU from the images\' bytes (this backend cannot count on the GPU)';
  return (
    <p className="grey-note" data-testid="grey.counted" data-gpu-images={levels.gpuImages}>
      The digit&apos;s and the split&apos;s {pixels} pixels {where}; the sample&apos;s from its numbers above.
    </p>
  );
}
