import { Fragment, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { SPLIT_VARIABLES } from '../data/format';
import { DatasetBadge } from './cells/DatasetBadge';
import { DatasetCell } from './cells/DatasetCell';
import { GalleryCell } from './cells/GalleryCell';
import { GreyLevelsCell } from './cells/GreyLevelsCell';
import { LabelsCell } from './cells/LabelsCell';
import { SampleBar } from './cells/SampleBar';
import { SampleImage, SamplePair, SamplePixels } from './cells/SamplePair';
import { ShapeCell } from './cells/ShapeCell';
import { StatsCell } from './cells/StatsCell';
import { useDatasetService } from './hooks/useDatasetService';
import { useDatasetStatus } from './hooks/useDatasetStatus';
import { confusionCellIndices } from '../model/metrics';
import { CELLS, layoutCells, type CellId, type FrameId, type LayoutNode } from './registry';
import { ignoredNotice } from './state/url-state';
import { createUrlStore } from './state/url-store';
import { UrlStoreContext } from './state/useUrlStore';
import { useUrlState } from './state/useUrlState';
import { useTrainingSelector } from './hooks/useTrainingSelector';
import { useTrainingService } from './hooks/useTrainingService';
import type { TrainingStatus } from './services/training-types';
import { EvaluationCell, type ConfusionPair } from './training/EvaluationCell';
import { ExpressionNotebook } from './code-cells/ExpressionNotebook';
import { DrawCell } from './draw/DrawCell';
import { InsideCell } from './inside/InsideCell';
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

// The registry's cells as the tree of frames the page renders; fixed, so computed once.
const LAYOUT = layoutCells(CELLS);

/** Renders the layout with each cell's element and each frame's wrapper. */
function renderLayout(nodes: readonly LayoutNode[], cells: Record<CellId, ReactNode>, frames: Record<FrameId, (children: ReactNode) => ReactNode>): ReactNode {
  return nodes.map((node) => (
    <Fragment key={node.kind === 'cell' ? node.id : `frame.${node.frame}`}>{node.kind === 'cell' ? cells[node.id] : frames[node.frame](renderLayout(node.children, cells, frames))}</Fragment>
  ));
}

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
  // The link is read once, here: the training settings' subset is checked against the images known at the first render.
  const [url] = useState(() => createUrlStore(window, { maxSubset: counts.train || undefined }));
  const { state, dispatch, ignored } = useUrlState(url, counts);
  const { split, index, filter } = state;
  const labels = status.phase === 'error' && !status.manifest ? null : service.labels(split);
  const label = labels ? labels[index] : null;
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
  const [mapSelection, setMapSelection] = useState<Int32Array | null>(null);
  const clearMapSelection = useCallback(() => setMapSelection(null), []);
  const selectMapImages = useCallback(
    (indices: Int32Array) => {
      setPair(null);
      setMapSelection(indices);
      dispatch({ type: 'select', split: 'test', index: indices[0] ?? 0 });
      document.querySelector('[data-testid="cell.gallery"]')?.scrollIntoView({ block: 'start' });
    },
    [dispatch],
  );
  const selectPair = useCallback(
    (p: ConfusionPair) => {
      setMapSelection(null);
      setPair(p);
      const first = test ? pairIndices(test.labels, test.predictions, p)[0] : undefined;
      dispatch({ type: 'select', split: 'test', index: first ?? 0 });
      document.querySelector('[data-testid="cell.gallery"]')?.scrollIntoView({ block: 'start' });
    },
    [test, dispatch],
  );
  const selectTestImage = useCallback((i: number) => dispatch({ type: 'select', split: 'test', index: i }), [dispatch]);

  return (
    <UrlStoreContext.Provider value={url}>
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
              {ignoredNotice(ignored)}
            </p>
          )}
          {renderLayout(
            LAYOUT,
            {
              dataset: <DatasetCell status={status} onReload={(backend) => service.start(backend)} />,
              shape: <ShapeCell />,
              pixels: <SamplePixels />,
              image: <SampleImage />,
              labels: <LabelsCell split={split} index={index} labels={labels} count={counts[split]} onSelect={select} />,
              grey: <GreyLevelsCell split={split} index={index} label={label} />,
              gallery: <GalleryCell split={split} index={index} filter={filter} manifest={status.manifest} labels={labels} dispatch={dispatch} pair={galleryPair} onClearPair={clearPair} selection={mapSelection} onClearSelection={clearMapSelection} />,
              stats: <StatsCell ready={status.phase === 'ready'} trainLabels={trainLabels} testLabels={testLabels} />,
              train: <TrainingCell datasetReady={status.phase === 'ready'} maxSubset={counts.train} />,
              evaluate: <EvaluationCell manifest={status.manifest} split={split} index={index} label={label} pair={galleryPair && split === 'test' ? pair : null} onSelectPair={selectPair} onSelectTestImage={selectTestImage} />,
              inside: <InsideCell split={split} index={index} testLabels={testLabels} predictions={test?.predictions ?? null} onSelectTestImage={selectTestImage} onSelectImages={selectMapImages} />,
              draw: <DrawCell dispatch={dispatch} />,
            },
            {
              sample: (children) => (
                <div className="sample-section">
                  <div className="sticky-sample">
                    <SampleBar split={split} index={index} counts={counts} dispatch={dispatch} />
                  </div>
                  {children}
                </div>
              ),
              pair: (children) => (
                <SamplePair split={split} index={index} label={label}>
                  {children}
                </SamplePair>
              ),
            },
          )}
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
    </UrlStoreContext.Provider>
  );
}
