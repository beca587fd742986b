import { lazy, memo, Suspense, useEffect, useMemo, useState } from 'react';
import { classCounts } from '../../data/sheets';
import { NUM_CLASSES, SPLIT_VARIABLES, type SplitName } from '../../data/format';
import { MeanImages } from '../charts/MeanImages';
import { useDatasetService } from '../hooks/useDatasetService';
import { useDatasetSource } from '../hooks/useDatasetSource';
import { Cell, Pending } from './Cell';

// Recharts is only needed here, far down the page: load it after the first cells.
const ClassDistribution = lazy(() => import('../charts/ClassDistribution').then((m) => ({ default: m.ClassDistribution })));

/** The stats cell: how many of each digit each split holds, and what the average of each digit looks like. */
export const StatsCell = memo(function StatsCell({ ready, trainLabels, testLabels }: { ready: boolean; trainLabels: Uint8Array | null; testLabels: Uint8Array | null }) {
  const service = useDatasetService();
  const [meanSplit, setMeanSplit] = useState<SplitName>('train');
  const source = useDatasetSource();
  const { rows, cols, classNames, kind } = source;
  const [means, setMeans] = useState<{ split: SplitName; values: Float32Array; source: unknown } | null>(null);
  const counts = useMemo(
    () => (trainLabels && testLabels ? { train: classCounts(trainLabels, NUM_CLASSES), test: classCounts(testLabels, NUM_CLASSES) } : null),
    [trainLabels, testLabels],
  );
  useEffect(() => {
    if (!ready) return;
    let current = true;
    service.classMeans(meanSplit).then(
      (values) => current && setMeans({ split: meanSplit, values, source }),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [service, ready, meanSplit, source]);

  return (
    <Cell
      id="stats"
      title={kind === 'mnist' ? undefined : 'Class balance and the average image'}
      prose={
        kind === 'mnist'
          ? 'Before training, check that every digit is well represented: each has roughly a tenth of the images. Averaging all images of a digit (on the GPU, over every image) shows the shape the network must learn to recognise.'
          : 'Before training, check that every class is well represented. Averaging all images of a class (on the GPU, over every image) shows the shape the network must learn to recognise.'
      }
      code={['np.bincount(training_labels), np.bincount(test_labels)', 'np.stack([training_images[training_labels == d].mean(axis=0) for d in range(10)])']}
      controls={
        <label>
          mean images of{' '}
          <select value={meanSplit} onChange={(e) => setMeanSplit(e.target.value as SplitName)} aria-label="Split for the mean images">
            <option value="train">train</option>
            <option value="test">test</option>
          </select>
        </label>
      }
    >
      {counts ? (
        <Suspense fallback={<Pending>drawing the chart…</Pending>}>
          <ClassDistribution counts={counts} classNames={classNames} />
        </Suspense>
      ) : (
        <Pending>waiting for the labels…</Pending>
      )}
      {means && means.split === meanSplit && means.source === source ? <MeanImages means={means.values} rows={rows} cols={cols} classNames={classNames} name={SPLIT_VARIABLES[meanSplit].images} /> : <Pending>{ready ? 'averaging on the GPU…' : 'the mean images are computed once every image is checked…'}</Pending>}
    </Cell>
  );
});
