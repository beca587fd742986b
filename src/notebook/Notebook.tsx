import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { SPLIT_VARIABLES, type SplitName } from '../data/format';
import { DatasetBadge } from './cells/DatasetBadge';
import { DatasetCell } from './cells/DatasetCell';
import { GalleryCell } from './cells/GalleryCell';
import { ImageCell } from './cells/ImageCell';
import { LabelsCell } from './cells/LabelsCell';
import { PixelsCell } from './cells/PixelsCell';
import { SampleBar } from './cells/SampleBar';
import { ShapeCell } from './cells/ShapeCell';
import { StatsCell } from './cells/StatsCell';
import { useDatasetService } from './hooks/useDatasetService';
import { useDatasetStatus } from './hooks/useDatasetStatus';
import { useImages } from './hooks/useImages';
import type { PixelPoint } from './renderers/types';
import { confusionCellIndices } from '../model/metrics';
import { useUrlState } from './state/useUrlState';
import { useTrainingSelector } from './hooks/useTrainingSelector';
import { useTrainingService } from './hooks/useTrainingService';
import type { TrainingStatus } from './services/training-types';
import { EvaluationCell, type ConfusionPair } from './training/EvaluationCell';
import { ExpressionNotebook } from './code-cells/ExpressionNotebook';
import { DrawCell } from './draw/DrawCell';
import { TrainingCell } from './training/TrainingCell';

/** Arrow keys step through samples unless the learner is typing or in the gallery (which has its own keys). */
function useArrowKeys(step: (delta: number) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, select, textarea, button, [data-testid="gallery.scroller"]')) return;
      if (e.key === 'ArrowRight') step(1);
      else if (e.key === 'ArrowLeft') step(-1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step]);
}

/** Cells 3 and 4, which share the current sample's pixels and the hovered pixel (kept here so hovering re-renders only them). */
const SampleView = memo(function SampleView({ split, index, label }: { split: SplitName; index: number; label: number | null }) {
  const [highlight, setHighlight] = useState<PixelPoint | null>(null);
  const sample = useImages(split, index, index + 1);
  const pixels = sample.range?.split === split && sample.range.start === index ? sample.pixels : null;
  return (
    <div className="sample-pair">
      <PixelsCell split={split} index={index} pixels={pixels} highlight={highlight} onHover={setHighlight} />
      <ImageCell split={split} index={index} pixels={pixels} highlight={highlight} onHover={setHighlight} label={label} />
    </div>
  );
});

const selectTest = (s: TrainingStatus) => s.test;

/** Indices of the test images in one confusion cell, in order. */
function pairIndices(labels: Uint8Array, predictions: Uint8Array, pair: ConfusionPair): Int32Array {
  return Int32Array.from(confusionCellIndices(labels, predictions, pair.trueLabel, pair.predicted));
}

/** The notebook: the lesson's exploration cells over the live tensors. */
export function Notebook() {
  const service = useDatasetService();
  const status = useDatasetStatus();
  const counts = useMemo(() => ({ train: status.manifest?.splits.train.count ?? 0, test: status.manifest?.splits.test.count ?? 0 }), [status.manifest]);
  const { state, dispatch, ignored } = useUrlState(counts);
  const { split, index, filter } = state;
  const labels = status.phase === 'error' && !status.manifest ? null : service.labels(split);
  const trainLabels = service.labels('train');
  const testLabels = service.labels('test');
  const step = useCallback((delta: number) => dispatch({ type: 'step', delta }), [dispatch]);
  const select = useCallback((i: number) => dispatch({ type: 'select', index: i }), [dispatch]);
  useArrowKeys(step);

  const training = useTrainingService();
  useEffect(() => training.setSample(split, index), [training, split, index]);
  const test = useTrainingSelector(selectTest);
  const [pair, setPair] = useState<ConfusionPair | null>(null);
  const galleryPair = useMemo(() => (pair && test ? { ...pair, indices: pairIndices(test.labels, test.predictions, pair) } : null), [pair, test]);
  const clearPair = useCallback(() => setPair(null), []);
  const selectPair = useCallback(
    (p: ConfusionPair) => {
      setPair(p);
      const first = test ? pairIndices(test.labels, test.predictions, p)[0] : undefined;
      dispatch({ type: 'select', split: 'test', index: first ?? 0 });
      document.querySelector('[data-testid="cell.gallery"]')?.scrollIntoView({ block: 'start' });
    },
    [test, dispatch],
  );
  const selectTestImage = useCallback((i: number) => dispatch({ type: 'select', split: 'test', index: i }), [dispatch]);

  return (
    <div className="notebook">
      <header className="topbar">
        <div className="brand">
          <h1>mnist-notebook</h1>
          <span className="tagline">Explore {status.source.kind === 'mnist' ? 'the MNIST handwritten digits' : `your own dataset, ${status.source.name}`}, live in TensorFlow.js tensors</span>
        </div>
        <DatasetBadge status={status} />
      </header>
      <main>
        {ignored.length > 0 && (
          <p className="notice" role="status">
            Ignored from the link: {ignored.map((i) => `${i.param}=${i.value} (${i.reason})`).join('; ')}.
          </p>
        )}
        <DatasetCell status={status} onReload={(backend) => service.start(backend)} />
        <ShapeCell />
        <div className="sample-section">
          <div className="sticky-sample">
            <SampleBar split={split} index={index} counts={counts} dispatch={dispatch} />
          </div>
          <SampleView split={split} index={index} label={labels ? labels[index] : null} />
          <LabelsCell split={split} index={index} labels={labels} count={counts[split]} onSelect={select} />
        </div>
        <GalleryCell split={split} index={index} filter={filter} manifest={status.manifest} labels={labels} dispatch={dispatch} pair={galleryPair} onClearPair={clearPair} />
        <StatsCell ready={status.phase === 'ready'} trainLabels={trainLabels} testLabels={testLabels} />
        <TrainingCell datasetReady={status.phase === 'ready'} maxSubset={counts.train} />
        <EvaluationCell manifest={status.manifest} split={split} index={index} label={labels ? labels[index] : null} pair={galleryPair && split === 'test' ? pair : null} onSelectPair={selectPair} onSelectTestImage={selectTestImage} />
        <DrawCell dispatch={dispatch} />
        <ExpressionNotebook />
        <section className="cell closing">
          <h2>What next</h2>
          <p>
            A computer sees only lists of numbers. A network must learn, from tens of thousands of examples, which patterns of those numbers mean which digit, something people do without
            thinking. Looking at the data first, as here ({SPLIT_VARIABLES.train.images}.shape, the raw numbers, the images, the labels), is the foundation for building and training that network well.
          </p>
        </section>
      </main>
    </div>
  );
}
