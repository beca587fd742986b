/** Runs built by the record reducer from made-up events, as a real run would feed it (shared by the runs' tests). */
import { CNN_PRESET } from '../../../src/model/presets';
import { createRunRecord, reduceRunRecord, type RunRecord, type RunRecordEvent } from '../../../src/model/run-record';
import { DEFAULT_SETTINGS, type TrainingSettings } from '../../../src/model/settings';

export interface FakeRun {
  id?: string;
  startedAt?: number;
  settings?: Partial<TrainingSettings>;
  epochs?: number;
  batchesPerEpoch?: number;
  /** Accuracy reached at the end, 0..1. */
  accuracy?: number;
}

/** A finished run: batches, an lr change, epoch ends with test figures, a final test result, the end. */
export function fakeRun({ id = 'run-1', startedAt = 1_700_000_000_000, settings = {}, epochs = 2, batchesPerEpoch = 50, accuracy = 0.9 }: FakeRun = {}): RunRecord {
  const s: TrainingSettings = { ...DEFAULT_SETTINGS, model: CNN_PRESET, ...settings };
  let record = createRunRecord({ id, dataset: 'MNIST', imageShape: { rows: 28, cols: 28 }, settings: s, params: 1234, backend: 'webgl', startedAt });
  const step = (e: RunRecordEvent) => (record = reduceRunRecord(record, e));
  let n = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let b = 1; b <= batchesPerEpoch; b++) {
      n++;
      const f = n / (epochs * batchesPerEpoch);
      step({ type: 'batch', point: { examples: n * s.batchSize, epochs: n / batchesPerEpoch, timeMs: n * 10, loss: 2 * (1 - f) + 0.1, accuracy: accuracy * f }, examplesPerSecond: 6400 });
    }
    if (epoch === 1) step({ type: 'learningRate', marker: { examples: n * s.batchSize, epochs: epoch, timeMs: n * 10, learningRate: s.learningRate / 2, previous: s.learningRate } });
    const acc = (accuracy * epoch) / epochs;
    step({ type: 'epoch', point: { epoch, examples: n * s.batchSize, epochs: epoch, timeMs: n * 10, trainLoss: 1 / epoch, trainAccuracy: acc, valLoss: 1.1 / epoch, valAccuracy: acc - 0.01, testLoss: 1.05 / epoch, testAccuracy: acc } });
  }
  const confusion = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 90 + i : j === (i + 1) % 10 ? 10 - i : 0)));
  step({ type: 'test', result: { when: `after epoch ${epochs}`, accuracy, loss: 0.3, confusion, perClass: confusion.map((row, i) => row[i] / 100) } });
  step({ type: 'end', outcome: { kind: 'finished', epoch: epochs } });
  return record;
}
