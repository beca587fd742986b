/** "Draw a digit": a pad whose strokes become a 28x28 MNIST-style input, the model's live guess, the nearest training images, and the drawing for the cells. */
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { SPLIT_VARIABLES } from '../../data/format';
import { tryPreprocessDrawing, type MnistSteps, type Point } from '../../data/strokes';
import type { Result } from '../../lib/result';
import { Cell } from '../cells/Cell';
import { stepRange } from '../registry';
import { useDatasetSelector } from '../hooks/useDatasetSelector';
import { usePadStore } from '../hooks/usePad';
import { useDrawService } from '../hooks/useDrawService';
import { useTrainingSelector } from '../hooks/useTrainingSelector';
import type { DrawNearest, DrawPrediction } from '../services/draw-service';
import type { TrainingStatus } from '../services/training-types';
import type { DatasetStatus } from '../services/types';
import type { SampleAction } from '../state/sample';
import { DrawBars } from './DrawBars';
import { DrawBoundary } from './DrawBoundary';
import { DrawPad } from './DrawPad';
import { createLatestRunner } from './latest';
import { shrinkToInput } from './naive';
import { NearestImages } from './NearestImages';
import { padDrawing } from './pad';
import { PreprocessSteps, STEP_BOX } from './PreprocessSteps';
import { nearestMessage, predictionMessage, shapeNote } from './view';
import { WithoutSteps } from './WithoutSteps';
import './draw.css';

export interface DrawCellProps {
  /** The notebook's current-sample dispatch: a nearest image becomes the current sample. */
  dispatch: (action: SampleAction) => void;
}

/** An answer and the drawing (its 784 pixels, by reference) it answers. */
interface Answer<T> {
  result: T;
  pixels: Uint8Array;
}

type Added = { ok: true; name: string } | { ok: false; error: string };

const selectSource = (s: DatasetStatus) => s.source;
const selectReady = (s: DatasetStatus) => s.phase === 'ready';
// What can change the current model: a new run, a phase change (reset, stop, done), an evaluation after an epoch.
const selectRun = (s: TrainingStatus) => s.run;
const selectPhase = (s: TrainingStatus) => s.phase;
const selectTest = (s: TrainingStatus) => s.test;

/** The cell, with its own error boundary: every failure stays a message in the cell. */
export const DrawCell = memo(function DrawCell({ dispatch }: DrawCellProps) {
  return (
    <DrawBoundary>
      <DrawCellBody dispatch={dispatch} />
    </DrawBoundary>
  );
});

function DrawCellBody({ dispatch }: DrawCellProps) {
  const draw = useDrawService();
  const pad = usePadStore();
  const source = useDatasetSelector(selectSource);
  const datasetReady = useDatasetSelector(selectReady);
  const run = useTrainingSelector(selectRun);
  const phase = useTrainingSelector(selectPhase);
  const test = useTrainingSelector(selectTest);

  const [steps, setSteps] = useState<Result<MnistSteps> | null>(null);
  const [settled, setSettled] = useState(false);
  const [prediction, setPrediction] = useState<Answer<DrawPrediction> | null>(null);
  const [nearest, setNearest] = useState<Answer<DrawNearest> | null>(null);
  const [naivePrediction, setNaivePrediction] = useState<Answer<DrawPrediction> | null>(null);
  const [added, setAdded] = useState<Added | null>(null);
  const [selected, setSelected] = useState<number | null>(null);

  const [predictor] = useState(() => createLatestRunner((pixels: Uint8Array) => draw.predict(pixels), (result, pixels) => setPrediction({ result, pixels })));
  const [searcher] = useState(() => createLatestRunner((pixels: Uint8Array) => draw.nearest(pixels), (result, pixels) => setNearest({ result, pixels })));
  const [naivePredictor] = useState(() => createLatestRunner((pixels: Uint8Array) => draw.predict(pixels, 'background'), (result, pixels) => setNaivePrediction({ result, pixels })));
  useEffect(
    () => () => {
      predictor.cancel();
      searcher.cancel();
      naivePredictor.cancel();
    },
    [predictor, searcher, naivePredictor],
  );

  const centred = steps?.ok ? steps.value.centred.pixels : null;
  const naive = useMemo(() => (steps?.ok ? shrinkToInput(steps.value.raster) : null), [steps]);

  // Live: a new drawing (at most one per animation frame) or a changed model is predicted; a job in flight is never queued behind.
  useEffect(() => {
    if (centred) predictor.run(centred);
  }, [predictor, centred, run, phase, test]);

  // The drawing is also the "Inside the network" cell's sample, while it is the latest one picked.
  useEffect(() => pad.show(centred), [pad, centred]);

  // The nearest images need a pass over all training images: searched when the pen lifts, not per frame.
  useEffect(() => {
    if (centred && settled) searcher.run(centred);
  }, [searcher, centred, settled, datasetReady]);

  // The comparison without preprocessing is asked for when the pen lifts (and when the model changes).
  useEffect(() => {
    if (naive && settled) naivePredictor.run(naive);
  }, [naivePredictor, naive, settled, run, phase, test]);

  const onChange = useCallback(
    (strokes: Point[][], isSettled: boolean) => {
      setSettled(isSettled);
      // The confirmations were about the drawing as it was.
      setAdded(null);
      setSelected(null);
      if (strokes.length === 0) {
        predictor.cancel();
        searcher.cancel();
        naivePredictor.cancel();
        setSteps(null);
        setPrediction(null);
        setNearest(null);
        setNaivePrediction(null);
        return;
      }
      setSteps(tryPreprocessDrawing(padDrawing(strokes)));
    },
    [predictor, searcher, naivePredictor],
  );

  const addToNotebook = useCallback(() => {
    if (centred) void draw.addToNotebook(centred).then(setAdded);
  }, [draw, centred]);

  const selectNearest = useCallback(
    (index: number) => {
      dispatch({ type: 'select', split: 'train', index });
      setSelected(index);
    },
    [dispatch],
  );

  const note = shapeNote(source);
  const shownPrediction = centred && prediction ? prediction : null;
  const predictionText = predictionMessage(shownPrediction?.result ?? null, centred !== null);
  const shownNearest = centred && nearest ? nearest : null;
  const nearestText = centred ? nearestMessage(shownNearest?.result ?? null, settled || shownNearest !== null) : null;
  const predictionState = !centred ? 'empty' : !shownPrediction ? 'pending' : shownPrediction.result.kind;

  return (
    <Cell
      id="draw"
      prose={
        <>
          Draw a digit and the trained network reads it as you draw. Your strokes are prepared the way MNIST&apos;s digits were: cropped to the ink, scaled to fit 20x20 keeping the
          aspect ratio, and centred by their centre of mass in 28x28. A network that only ever saw digits prepared like this would misread a raw drawing, so every step is shown.
        </>
      }
      code={['x = mnist_style(strokes)  # crop, fit 20x20, centre by mass in 28x28', 'model.predict(x[None] / 255)', `np.argsort(((${SPLIT_VARIABLES.train.images} - x) ** 2).sum(axis=(1, 2)))[:5]`]}
    >
      {note && (
        <p className="notice" data-testid="draw.shape-note">
          {note}
        </p>
      )}
      <div className="draw-layout">
        <DrawPad onChange={onChange} />
        <section className="draw-prediction" data-testid="draw.prediction" data-state={predictionState} aria-label="The model's guess">
          <h3>The model&apos;s guess</h3>
          {shownPrediction?.result.kind === 'ok' ? (
            <DrawBars probabilities={shownPrediction.result.probabilities} classNames={source.classNames} fromLogits={shownPrediction.result.fromLogits} pending={shownPrediction.pixels !== centred} />
          ) : (
            <p className={shownPrediction?.result.kind === 'error' ? 'draw-message draw-message--error' : 'draw-message'} data-testid="draw.prediction.message" role="status">
              {predictionText}
            </p>
          )}
        </section>
      </div>

      {steps && !steps.ok && (
        <p className="draw-message" data-testid="draw.message" role="status">
          {steps.error}
        </p>
      )}
      {steps?.ok && (
        <section className="draw-panel" aria-label="Preprocessing">
          <h3>What the model is given</h3>
          <div className="draw-steps-row">
            <PreprocessSteps steps={steps.value} />
            {naive && <WithoutSteps pixels={naive} prediction={naivePrediction?.pixels === naive ? naivePrediction.result : null} classNames={source.classNames} box={STEP_BOX} />}
          </div>
        </section>
      )}

      {centred && (
        <section
          className={shownNearest && shownNearest.pixels !== centred ? 'draw-panel draw-nearest draw-nearest--stale' : 'draw-panel draw-nearest'}
          aria-busy={shownNearest !== null && shownNearest.pixels !== centred}
          data-testid="draw.nearest"
          data-state={shownNearest ? shownNearest.result.kind : settled ? 'pending' : 'drawing'}
          aria-label="Nearest training images"
        >
          <h3>The 5 nearest training images (pixel distance, over all {SPLIT_VARIABLES.train.images})</h3>
          {shownNearest?.result.kind === 'ok' && shownNearest.result.images.length > 0 && (
            <NearestImages images={shownNearest.result.images} classNames={source.classNames} selectedIndex={selected} onSelect={selectNearest} />
          )}
          {nearestText && (
            <p className="draw-message" data-testid="draw.nearest.message" role="status">
              {nearestText}
            </p>
          )}
          {selected !== null && (
            <p className="muted" data-testid="draw.nearest.selected" role="status">
              {`${SPLIT_VARIABLES.train.images}[${selected}] is now the current sample (cells ${stepRange('pixels', 'gallery')} above).`}
            </p>
          )}
        </section>
      )}

      <div className="draw-add">
        <button type="button" onClick={addToNotebook} disabled={!centred} title={centred ? 'Name this 28x28 drawing `drawing` in your own cells below' : 'Draw a digit first'} data-testid="draw.add">
          Add to notebook
        </button>
        {added?.ok && (
          <span className="draw-added" data-testid="draw.added" data-name={added.name} role="status">
            Added: type <code>{added.name}</code> in a cell below ([28, 28] uint8, 0..255, like {SPLIT_VARIABLES.train.images}[0]); e.g. <code>{added.name}.shape</code>.
          </span>
        )}
        {added && !added.ok && (
          <span className="draw-message draw-message--error" data-testid="draw.added.error" role="alert">
            {added.error}
          </span>
        )}
      </div>
    </Cell>
  );
}
