/** The evaluation cell: how good the trained model is on the 10,000 test images, where it is wrong, and what it says of the current sample. */
import { memo, useCallback, useMemo } from 'react';
import { DATA_URL_PATH, SPLIT_VARIABLES, type Manifest, type SplitName } from '../../data/format';
import { Cell, Pending } from '../cells/Cell';
import { formatCount, formatPercent } from '../../lib/format';
import { useDatasetSource } from '../hooks/useDatasetSource';
import { useTrainingSelector } from '../hooks/useTrainingSelector';
import type { TrainingStatus } from '../services/training-types';
import { spriteTile } from '../gallery/sprite';
import { ConfusionMatrix } from './evaluation/ConfusionMatrix';
import { MistakesGallery } from './evaluation/MistakesGallery';
import { PerClassAccuracy } from './evaluation/PerClassAccuracy';
import { PredictionBars } from './evaluation/PredictionBars';

/** A (true label, predicted label) pair: one confusion-matrix cell. */
export interface ConfusionPair {
  trueLabel: number;
  predicted: number;
}

export interface EvaluationCellProps {
  manifest: Manifest | null;
  split: SplitName;
  index: number;
  label: number | null;
  pair: ConfusionPair | null;
  onSelectPair: (pair: ConfusionPair) => void;
  /** Makes a test image the notebook's current sample. */
  onSelectTestImage: (index: number) => void;
}

const selectTest = (s: TrainingStatus) => s.test;
const selectTestHistory = (s: TrainingStatus) => s.testHistory;
const selectSample = (s: TrainingStatus) => s.sample;
const selectPhase = (s: TrainingStatus) => s.phase;

export const EvaluationCell = memo(function EvaluationCell({ manifest, split, index, label, pair, onSelectPair, onSelectTestImage }: EvaluationCellProps) {
  // Only the parts drawn here: the batch progress published during training does not re-render the cell.
  const test = useTrainingSelector(selectTest);
  const testHistory = useTrainingSelector(selectTestHistory);
  const sampleStatus = useTrainingSelector(selectSample);
  const phase = useTrainingSelector(selectPhase);
  const baseUrl = useMemo(() => new URL(DATA_URL_PATH, document.baseURI).href, []);
  const sprite = useCallback((i: number) => spriteTile(manifest, 'test', baseUrl, i), [manifest, baseUrl]);
  const onSelect = useCallback((trueLabel: number, predicted: number) => onSelectPair({ trueLabel, predicted }), [onSelectPair]);
  const sample = sampleStatus && sampleStatus.split === split && sampleStatus.index === index ? sampleStatus : null;
  const variable = `${SPLIT_VARIABLES[split].images}[${index}]`;
  // The dataset in use names the classes (Fashion-MNIST's "T-shirt/top", ...) and sizes the thumbnails; MNIST shows digits.
  const source = useDatasetSource();
  const classNames = source.classNames;
  const imageSize = useMemo(() => ({ rows: source.rows, cols: source.cols }), [source.rows, source.cols]);
  const what = classNames ? 'class' : 'digit';

  return (
    <Cell
      id="evaluate"
      prose={
        source.kind === 'mnist'
          ? 'The test images were never trained on, so accuracy on them says how well the network reads digits it has not seen. The confusion matrix shows which digits it mixes up: click a cell to see those images in the gallery.'
          : `The test images of ${source.name} were never trained on, so accuracy on them says how well the network reads images it has not seen. The confusion matrix shows which ${classNames ? 'classes' : 'labels'} it mixes up: click a cell to see those images in the gallery.`
      }
      code={['model.evaluate(test_images / 255, test_labels)', 'predictions = model.predict(test_images / 255).argmax(axis=1)', `model.predict(${variable}[None] / 255)`]}
    >
      {test ? (
        <div className="eval-grid">
          <div className="eval-headline" data-testid="eval.accuracy" data-accuracy={test.accuracy}>
            <strong>{formatPercent(test.accuracy, 2)}</strong> test accuracy {test.when} ({formatCount(test.count)} images, loss {test.loss.toFixed(4)})
            {testHistory.length > 1 && (
              <span className="muted" data-testid="eval.accuracy.history">
                {' '}
                · by epoch: {testHistory.map((h) => formatPercent(h.accuracy, 2)).join(' → ')}
              </span>
            )}
          </div>
          <section className="eval-panel">
            <h3>Confusion matrix</h3>
            <ConfusionMatrix confusion={test.confusion} selected={pair} onSelect={onSelect} classNames={classNames} />
          </section>
          <section className="eval-panel">
            <h3>Accuracy per {what}</h3>
            <PerClassAccuracy perClass={test.perClass} classNames={classNames} />
          </section>
          <section className="eval-panel eval-wide">
            <h3>The most confident mistakes</h3>
            <MistakesGallery mistakes={test.mistakes} sprite={sprite} selectedIndex={split === 'test' ? index : null} onSelect={onSelectTestImage} variable={SPLIT_VARIABLES.test.images} classNames={classNames} imageSize={imageSize} />
          </section>
        </div>
      ) : (
        <Pending>{phase === 'running' || phase === 'paused' ? 'the test evaluation appears at the end of the first epoch…' : 'train a model above to evaluate it here.'}</Pending>
      )}
      <section className="eval-panel eval-wide">
        <h3>The current sample</h3>
        <PredictionBars variable={variable} label={label} probabilities={sample?.probabilities ?? null} history={sample?.history ?? []} pending={sample?.pending} classNames={classNames} />
      </section>
    </Cell>
  );
});
