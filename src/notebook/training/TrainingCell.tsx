/** The training cell: build a model, set the training settings, train with live curves and controls. */
import { lazy, memo, Suspense, useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { formatBytes, formatCount } from '../../lib/format';
import { MAX_SUBSET, settingsToText, tryParseLearningRate, validateSettingsText, type SettingsField, type SettingsText } from '../../model/settings';
import type { ModelSpec } from '../../model/spec';
import { Cell, FieldError, Pending } from '../cells/Cell';
import { useDatasetSelector } from '../hooks/useDatasetSelector';
import { useDatasetSource } from '../hooks/useDatasetSource';
import { useTrainingService } from '../hooks/useTrainingService';
import { useTrainingSelector } from '../hooks/useTrainingSelector';
import type { TrainingStatus } from '../services/training-types';
import type { DatasetStatus } from '../services/types';
import { ignoredNotice } from '../state/url-state';
import { useUrlStore } from '../state/useUrlStore';
import { formatLearningRate, type XAxisMode } from './charts/series';
import { controlsFor, formatDuration, formatRate, type ControlsState } from './controls';
import { fitToKeras, modelToKeras } from './python';
import { ModelEditor } from './setup/ModelEditor';
import { SettingsForm } from './setup/SettingsForm';
import { ResumeOffer } from './models/ResumeOffer';
import { SavedModels } from './models/SavedModels';
import { RunsTable } from './runs/RunsTable';
import { useRunsSelector } from './runs/useRuns';
import type { RunsStatus } from '../services/run-recorder';
import './training.css';

// Recharts is large: load it after the notebook's first paint, not with it.
const TrainingCharts = lazy(() => import('./charts/TrainingCharts').then((m) => ({ default: m.TrainingCharts })));

export interface TrainingCellProps {
  datasetReady: boolean;
  /** Training images loaded (the subset's upper bound). */
  maxSubset: number;
}

export const TrainingCell = memo(function TrainingCell({ datasetReady, maxSubset }: TrainingCellProps) {
  const service = useTrainingService();
  const phase = useTrainingSelector(selectPhase);
  const hasRun = useTrainingSelector(selectHasRun);
  const canContinueFromCheckpoint = useTrainingSelector(selectCanContinue);
  const url = useUrlStore();
  const [initial] = useState(() => url.initial.training);
  const [text, setText] = useState<SettingsText>(() => settingsToText(initial.value));
  const [spec, setSpec] = useState<ModelSpec>(initial.value.model);
  const [modelProblem, setModelProblem] = useState<string | null>(null);
  // A model loaded from the library or files puts its layer list in the editor, so Train trains on from its weights.
  const loadedSpec = useTrainingSelector(selectLoadedSpec);
  const [syncedLoadedSpec, setSyncedLoadedSpec] = useState(loadedSpec);
  if (loadedSpec !== syncedLoadedSpec) {
    setSyncedLoadedSpec(loadedSpec);
    if (loadedSpec) {
      setSpec(loadedSpec);
      setModelProblem(null);
    }
  }
  // "Run again" in the runs table puts that run's settings in the form.
  const restore = useRunsSelector(selectRestore);
  const [restored, setRestored] = useState(restore?.token ?? 0);
  if (restore && restore.token !== restored) {
    setRestored(restore.token);
    setText(settingsToText(restore.settings));
    setSpec(restore.settings.model);
    setModelProblem(null);
  }
  // The dataset in use sets the model's input (rows x cols) and the subset's range.
  const source = useDatasetSource();
  const testCount = useDatasetSelector(selectTestCount);
  const image = useMemo(() => ({ rows: source.rows, cols: source.cols }), [source.rows, source.cols]);
  const subsetMax = maxSubset || MAX_SUBSET;
  // A subset at the old dataset's maximum ("all of them"), or past the new one, follows a new dataset's training count.
  const [subsetFor, setSubsetFor] = useState(subsetMax);
  if (subsetFor !== subsetMax) {
    setSubsetFor(subsetMax);
    if (text.subsetSize.trim() === String(subsetFor) || Number(text.subsetSize) > subsetMax) setText({ ...text, subsetSize: String(subsetMax) });
  }
  const validated = useMemo(() => validateSettingsText(text, { model: spec, maxSubset: subsetMax, image }), [text, spec, subsetMax, image]);
  const settings = modelProblem ? null : validated.settings;
  const errors = useMemo(() => (modelProblem ? { ...validated.errors, model: modelProblem } : validated.errors), [validated.errors, modelProblem]);

  // The settings live in the URL with the rest of the notebook state (valid ones only).
  useEffect(() => (settings ? url.write('training', settings) : undefined), [url, settings]);

  const onField = useCallback((field: SettingsField, value: string) => setText((prev) => (prev[field] === value ? prev : { ...prev, [field]: value })), []);
  const onModel = useCallback((next: ModelSpec | null, problem: string | null) => {
    if (next) setSpec(next);
    setModelProblem(next ? problem : (problem ?? 'the layer list is not valid'));
  }, []);

  const hasLoadedModel = useTrainingSelector(selectHasLoaded);
  const hasModel = (hasRun && phase !== 'idle') || hasLoadedModel;
  const continues = settings !== null && hasModel && service.continues(settings);
  const controls = controlsFor({ phase, formValid: settings !== null, datasetReady, hasModel, continues, canContinueFromCheckpoint });
  const train = useCallback(() => {
    if (settings) void service.train(settings);
  }, [service, settings]);

  const code = settings ? [...modelToKeras(settings.model, image), ...fitToKeras(settings, subsetMax)] : modelToKeras(spec, image);
  return (
    <Cell
      id="train"
      prose={`Teach a network to read the ${formatCount(image.rows * image.cols)} numbers${source.kind === 'mnist' ? '' : ` of each ${image.rows}x${image.cols} image`}: pick a model (or edit its layers), set how it learns, and press Train. The data stays on the GPU; the curves update live, and the notebook above stays usable while it trains.`}
      code={code}
    >
      {initial.ignored.length > 0 && (
        <p className="notice" role="status" data-testid="train.url-notice">
          {ignoredNotice(initial.ignored)}
        </p>
      )}
      <div className="train-setup">
        <ModelEditor spec={spec} onChange={onModel} disabled={controls.formLocked} image={image} />
        <SettingsForm text={text} errors={errors} onChange={onField} disabled={controls.formLocked} maxSubset={subsetMax} testCount={testCount} />
      </div>
      <Controls controls={controls} onTrain={train} phase={phase} />
      <ResumeOffer datasetReady={datasetReady} />
      <TrainingMessageView />
      <ProgressView />
      <ChartsView />
      <ResourceLine />
      <RunsTable />
      <SavedModels />
    </Cell>
  );
});

const selectPhase = (s: TrainingStatus) => s.phase;
const selectRestore = (s: RunsStatus) => s.restore;
const selectTestCount = (s: DatasetStatus) => s.manifest?.splits.test.count ?? 10000;
const selectHasRun = (s: TrainingStatus) => s.run !== null;
const selectCanContinue = (s: TrainingStatus) => s.canContinueFromCheckpoint;
const selectLoadedSpec = (s: TrainingStatus) => s.loadedModel?.info.spec ?? null;
const selectHasLoaded = (s: TrainingStatus) => s.loadedModel !== null;
const selectLoadedName = (s: TrainingStatus) => s.loadedModel?.name ?? null;
const selectCheckpoint = (s: TrainingStatus) => s.checkpointEpoch;
const selectLearningRate = (s: TrainingStatus) => s.learningRate;
const selectMessage = (s: TrainingStatus) => s.message;
const selectProgress = (s: TrainingStatus) => s.progress;
const selectRun = (s: TrainingStatus) => s.run;
const selectResources = (s: TrainingStatus) => s.resources;
const selectChartsVersion = (s: TrainingStatus) => s.chartsVersion;
const selectValKind = (s: TrainingStatus) => s.run?.settings.validation.kind ?? null;

/** The live charts: re-rendered only when what they draw changed (at most every 200 ms while training). */
function ChartsView() {
  const service = useTrainingService();
  // Deferred: React renders the charts in interruptible time slices, so a redraw never holds the main thread in one long task.
  const version = useDeferredValue(useTrainingSelector(selectChartsVersion));
  const valKind = useTrainingSelector(selectValKind);
  const [xAxis, setXAxis] = useState<XAxisMode>('examples');
  const [smoothing, setSmoothing] = useState(0.6);
  return (
    <Suspense fallback={<Pending>loading the charts…</Pending>}>
      <TrainingCharts
        batches={service.series}
        version={version}
        epochs={service.epochs}
        lrChanges={service.lrChanges}
        xAxis={xAxis}
        onXAxisChange={setXAxis}
        smoothing={smoothing}
        onSmoothingChange={setSmoothing}
        valLabel={valKind === 'test' ? 'test' : 'validation'}
      />
    </Suspense>
  );
}

function Controls({ controls, onTrain, phase }: { controls: ControlsState; onTrain: () => void; phase: TrainingStatus['phase'] }) {
  const service = useTrainingService();
  const checkpointEpoch = useTrainingSelector(selectCheckpoint);
  const loadedName = useTrainingSelector(selectLoadedName);
  const button = (id: string, label: string, c: { enabled: boolean; hint: string }, onClick: () => void, primary = false) => (
    <button type="button" data-testid={`train.controls.${id}`} disabled={!c.enabled} title={c.hint} onClick={onClick} className={primary ? 'primary' : undefined}>
      {label}
    </button>
  );
  return (
    <div className="train-controls" role="toolbar" aria-label="Training controls" data-testid="train.controls" data-phase={phase}>
      {button('train', controls.train.label, controls.train, onTrain, true)}
      {button('pause', 'Pause', controls.pause, () => service.pause())}
      {button('resume', 'Resume', controls.resume, () => service.resume())}
      {button('step', 'Step', controls.step, () => service.step())}
      {button('stop', 'Stop', controls.stop, () => void service.stop())}
      {button('reset', 'Reset', controls.reset, () => void service.reset())}
      {controls.continueFromCheckpoint.enabled && button('continue', `Continue from epoch ${checkpointEpoch ?? '?'}`, controls.continueFromCheckpoint, () => void service.continueFromCheckpoint(), true)}
      <span className="train-phase" data-testid="train.phase">
        {phase === 'idle' && loadedName !== null ? `Loaded model '${loadedName}'` : PHASE_TEXT[phase]}
      </span>
      {controls.liveLearningRate && <LiveLearningRate />}
    </div>
  );
}

const PHASE_TEXT: Record<TrainingStatus['phase'], string> = {
  idle: 'No model yet',
  starting: 'Building the model and compiling its GPU programs…',
  running: 'Training…',
  paused: 'Paused',
  stopping: 'Stopping after this batch…',
  stopped: 'Stopped',
  done: 'Done',
  failed: 'Stopped by an error',
};

/** Changes the learning rate while training; it takes effect at the next batch and is marked on the charts. */
function LiveLearningRate() {
  const service = useTrainingService();
  const current = useTrainingSelector(selectLearningRate);
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const apply = () => {
    const parsed = tryParseLearningRate(value);
    if (!parsed.ok) return setMessage(parsed.error);
    const refused = service.setLearningRate(parsed.value);
    setMessage(refused);
    if (!refused) setValue('');
  };
  return (
    <form
      className="train-live-lr"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label>
        learning rate now {current === null ? '—' : formatLearningRate(current)} → <input data-testid="train.controls.lr" size={8} inputMode="decimal" value={value} placeholder="new rate" title="Holds from the next batch on, in place of the schedule" onChange={(e) => setValue(e.target.value)} aria-invalid={message ? true : undefined} />
      </label>
      <button type="submit" data-testid="train.controls.lr.apply" disabled={value.trim() === ''}>
        Apply at next batch
      </button>
      <FieldError testId="train.controls.lr.error" message={message} />
    </form>
  );
}

function TrainingMessageView() {
  const m = useTrainingSelector(selectMessage);
  if (!m) return null;
  return (
    <p className={m.kind === 'info' ? 'notice' : 'error'} role={m.kind === 'info' ? 'status' : 'alert'} data-testid="train.message" data-kind={m.kind}>
      {m.text}
    </p>
  );
}

function ProgressView() {
  const p = useTrainingSelector(selectProgress);
  const run = useTrainingSelector(selectRun);
  const phase = useTrainingSelector(selectPhase);
  if (!run) return null;
  const epochsTotal = run.targetEpochs;
  return (
    <div className="train-progress" data-testid="train.progress" data-examples={p.examplesSeen} data-epoch={p.epoch}>
      <label>
        <span>
          epoch {Math.min(p.epoch, epochsTotal)} of {epochsTotal}: batch {formatCount(p.batchInEpoch)} / {formatCount(p.batchesPerEpoch)}
        </span>
        <progress data-testid="train.progress.epoch" max={1} value={p.epochFraction} />
      </label>
      <label>
        <span>whole run: {Math.round(p.runFraction * 100)}%</span>
        <progress data-testid="train.progress.run" max={1} value={p.runFraction} />
      </label>
      <span className="train-rate" data-testid="train.progress.rate">
        {formatRate(p.examplesPerSecond)} examples/s · {formatCount(p.examplesSeen)} examples seen · {formatDuration(p.wallMs)} elapsed · ETA {phase === 'running' ? formatDuration(p.etaMs) : '—'}
      </span>
      <span className="muted">
        {formatCount(run.trainCount)} training images per epoch, {formatCount(run.valCount)} {run.settings.validation.kind === 'test' ? 'test' : 'validation'} images, on {run.backend}
      </span>
    </div>
  );
}

function ResourceLine() {
  const r = useTrainingSelector(selectResources);
  if (!r) return null;
  const perEpoch = r.perEpoch.map((e) => `${e.epoch}: ${formatCount(e.numTensors)}`).join(', ');
  return (
    <p className="train-resources" data-testid="train.resources" data-tensors={r.numTensors} data-warning={r.warning ? 'yes' : 'no'}>
      <span>
        tensors alive {formatCount(r.numTensors)} · tensor bytes {formatBytes(r.numBytes)}
        {r.numBytesInGPU !== null ? ` · GPU ${formatBytes(r.numBytesInGPU)}` : ''}
      </span>
      {perEpoch && <span className="muted"> · after each epoch: {perEpoch}</span>}
      {r.warning && (
        <span className="error" role="alert">
          {' '}
          {r.warning}
        </span>
      )}
    </p>
  );
}
