/** "Inside the network": what the first layer's units respond to, every conv kernel, and how each layer's weights are spread, epoch by epoch. */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { SPLIT_VARIABLES, type SplitName } from '../../data/format';
import { pictureableKernels, weightHistogram, weightPictures } from '../../model/weight-views';
import { Cell, FieldError, Pending } from '../cells/Cell';
import { useDatasetSource } from '../hooks/useDatasetSource';
import { usePad } from '../hooks/usePad';
import { useTrainingSelector } from '../hooks/useTrainingSelector';
import { useTrainingService } from '../hooks/useTrainingService';
import { stepOf } from '../registry';
import { isWeightsChanging, type TrainingStatus } from '../services/training-types';
import type { WeightSnapshot } from '../services/weight-watch';
import { Activations } from './Activations';
import { EmbeddingMap } from './EmbeddingMap';
import { WeightHistograms } from './WeightHistograms';
import { WeightTiles } from './WeightTiles';
import './inside.css';

const selectPhase = (s: TrainingStatus) => s.phase;
const selectHasRun = (s: TrainingStatus) => s.run !== null;
const selectLoadedName = (s: TrainingStatus) => s.loadedModel?.name ?? null;

function whenTaken(s: WeightSnapshot): string {
  if (!s.readNow) return `after epoch ${s.epoch}`;
  return s.epoch === null ? 'read from the loaded model' : `read just now, after ${s.epoch.toFixed(2)} epochs`;
}

export interface InsideCellProps {
  split: SplitName;
  index: number;
  testLabels: Uint8Array | null;
  /** The current model's predicted digit per test image, or null before an evaluation. */
  predictions: Uint8Array | null;
  onSelectTestImage: (index: number) => void;
  /** Test images picked on the map, for the gallery. */
  onSelectImages: (indices: Int32Array) => void;
}

export function InsideCell({ split, index, testLabels, predictions, onSelectTestImage, onSelectImages }: InsideCellProps) {
  const training = useTrainingService();
  const snapshot = useSyncExternalStore(training.weights.subscribe, training.weights.getSnapshot);
  const phase = useTrainingSelector(selectPhase);
  const hasRun = useTrainingSelector(selectHasRun);
  const loadedName = useTrainingSelector(selectLoadedName);
  const { rows, cols } = useDatasetSource();
  const [layer, setLayer] = useState(0);
  const [channel, setChannel] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const hasModel = hasRun || loadedName !== null;
  const weightsVersion = `${snapshot.version}:${phase}:${loadedName}`;
  const canRead = hasModel && !isWeightsChanging(phase);
  // The layers show whichever was picked last: the notebook's sample or the pad's drawing.
  const pad = usePad();
  const sampleKey = `${split}:${index}`;
  const [picked, setPicked] = useState({ sampleKey, pad, showDrawing: false });
  if (picked.sampleKey !== sampleKey || picked.pad !== pad) {
    // Adjusted while rendering (React's pattern for state that follows props): a new drawing shows itself, a new sample itself.
    setPicked({ sampleKey, pad, showDrawing: picked.pad !== pad ? pad !== null : false });
  }
  const setShowDrawing = (showDrawing: boolean) => setPicked((p) => ({ ...p, showDrawing }));

  // A loaded model has no epoch ends: its weights are read once it is the current model.
  useEffect(() => {
    if (loadedName !== null) void training.readWeightsNow().then(setMessage);
  }, [training, loadedName]);

  const kernels = useMemo(() => (snapshot.weights ? pictureableKernels(snapshot.weights, { rows, cols }) : []), [snapshot.weights, rows, cols]);
  const kernel = kernels[Math.min(layer, kernels.length - 1)] ?? null;
  const inputChannels = kernel?.shape.length === 4 ? kernel.shape[2] : 1;
  const pictures = useMemo(() => (kernel ? weightPictures(kernel, { rows, cols }, Math.min(channel, inputChannels - 1)) : null), [kernel, rows, cols, channel, inputChannels]);
  const current = useMemo(() => snapshot.weights?.map((w) => weightHistogram(w)) ?? [], [snapshot.weights]);

  const read = () => {
    setMessage(null);
    void training.readWeightsNow().then(setMessage, (e: Error) => setMessage(`the weights could not be read: ${e.message}`));
  };

  return (
    <Cell
      id="inside"
      prose="What the network learned, in its own numbers. A dense first layer's units each weigh all 784 pixels: drawn as a 28x28 picture, a unit's weights show the strokes it looks for (red) and the ones that speak against it (blue). A conv layer's kernels are small pictures slid over the image. Below, how each layer's weights are spread, epoch after epoch: a layer whose spread stops changing has stopped learning, one that explodes is diverging."
      code={[`kernel = model.weights[0].numpy()  # the first layer's kernel`, `plt.imshow(kernel[:, unit].reshape(${rows}, ${cols}), cmap='RdBu_r')  # dense: one unit`, `[plt.hist(w.numpy().ravel(), bins=30) for w in model.weights]`]}
      controls={
        <div className="inside-controls">
          <button type="button" onClick={read} disabled={!canRead} data-testid="inside.read" title={canRead ? 'Read the current weights from the model' : 'Pause or stop training first'}>
            Read the current weights
          </button>
          {kernels.length > 1 && (
            <label>
              kernel{' '}
              <select value={Math.min(layer, kernels.length - 1)} onChange={(e) => setLayer(Number(e.target.value))} data-testid="inside.layer">
                {kernels.map((k, i) => (
                  <option key={k.name} value={i}>
                    {k.name} ({k.shape.join('x')})
                  </option>
                ))}
              </select>
            </label>
          )}
          {inputChannels > 1 && (
            <label>
              input channel{' '}
              <select value={Math.min(channel, inputChannels - 1)} onChange={(e) => setChannel(Number(e.target.value))} data-testid="inside.channel">
                {Array.from({ length: inputChannels }, (_, c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
          )}
          <FieldError testId="inside.message" message={message} />
        </div>
      }
    >
      {!hasModel ? (
        <Pending>{`Train a network (cell ${stepOf('train')}) or load a saved model: this cell then shows what every layer makes of the current sample, what the first layer responds to and how every layer's weights are spread, after each epoch. The map below works on the raw pixels already.`}</Pending>
      ) : (
        <>
          <h3 className="inside-heading">
            <code>{SPLIT_VARIABLES[split].images}[{index}]</code> through every layer
          </h3>
          {isWeightsChanging(phase) ? (
            <Pending>Pause (or let the run finish) to see the current sample through every layer: computing it between batches would slow training.</Pending>
          ) : (
            <Activations split={split} index={index} weightsVersion={weightsVersion} pad={pad} showDrawing={picked.showDrawing} onShowDrawing={setShowDrawing} />
          )}
          <h3 className="inside-heading">The weights</h3>
          {!snapshot.weights ? (
            <Pending>The pictures appear at the end of the first epoch; pause and read the weights to see them sooner.</Pending>
          ) : (
            <div className="inside-body">
              <p className="inside-when" data-testid="inside.epoch">
                {kernel ? <code>{kernel.name}</code> : 'No layer whose weights are pictures of the image (a dense first layer or a conv layer)'}
                {kernel ? `, ${kernel.shape.join('x')}` : ''} · {whenTaken(snapshot)}
              </p>
              {pictures && <WeightTiles pictures={pictures} />}
              <h3 className="inside-heading">Weights per layer, epoch by epoch</h3>
              <WeightHistograms history={snapshot.readNow ? [] : snapshot.history} current={current} />
            </div>
          )}
        </>
      )}
      <h3 className="inside-heading">The 10,000 test images on a map</h3>
      <EmbeddingMap hasModel={hasModel} weightsVersion={weightsVersion} testLabels={testLabels} predictions={predictions} onSelectTestImage={onSelectTestImage} onSelectImages={onSelectImages} />
    </Cell>
  );
}
