/** The Keras code a training run mirrors, for the cell's "In" block (pure). */
import { hasSpatialLayer, infoOf } from '../../model/layer-kinds';
import { MNIST_IMAGE_SHAPE, type ImageShape, type ModelSpec } from '../../model/spec';
import { SCHEDULES } from '../../model/lr-schedule';
import { trainingCount, type TrainingSettings } from '../../model/settings';
import { SPLIT_VARIABLES } from '../../data/format';

const OPTIMIZER_CLASS = { sgd: 'SGD', momentum: 'SGD', adam: 'Adam', rmsprop: 'RMSprop' } as const;

/** The model as a tf.keras.Sequential for images of `image` (default 28x28), the input layer included (conv models take rows x cols x 1). */
export function modelToKeras(spec: ModelSpec, image: ImageShape = MNIST_IMAGE_SHAPE): string[] {
  const spatial = hasSpatialLayer(spec.layers);
  const { rows, cols } = image;
  const input = spatial ? `tf.keras.layers.Reshape((${rows}, ${cols}, 1), input_shape=(${rows}, ${cols}))` : `tf.keras.layers.Flatten(input_shape=(${rows}, ${cols}))`;
  const layers = [input, ...spec.layers.flatMap((l) => infoOf(l).keras(l))];
  return ['model = tf.keras.Sequential([', ...layers.map((l) => `    ${l},`), '])'];
}

/** compile + fit with the run's settings (the subset as a seeded random choice of the `trainCount` training images, default 60,000). */
export function fitToKeras(settings: TrainingSettings, trainCount = 60000): string[] {
  const { images, labels } = SPLIT_VARIABLES.train;
  const lines: string[] = [];
  let rate = String(settings.learningRate);
  if (settings.schedule !== 'constant') {
    // Keras counts the schedule's steps in batches: the training part of the subset over the batch size.
    const stepsPerEpoch = Math.ceil(trainingCount(Math.min(settings.subsetSize, trainCount), settings.validation) / settings.batchSize);
    lines.push(`lr = ${SCHEDULES[settings.schedule].keras(settings.learningRate, stepsPerEpoch)}`);
    rate = 'lr';
  }
  const opt = settings.optimizer === 'momentum' ? `SGD(${rate}, momentum=0.9)` : `${OPTIMIZER_CLASS[settings.optimizer]}(${rate})`;
  lines.push(`model.compile(optimizer=tf.keras.optimizers.${opt}, loss='sparse_categorical_crossentropy', metrics=['accuracy'])`);
  let x = `${images} / 255`;
  let y = labels;
  if (settings.subsetSize < trainCount) {
    lines.push(`subset = np.random.default_rng(${settings.seed}).permutation(len(${images}))[:${settings.subsetSize}]`);
    x = `${images}[subset] / 255`;
    y = `${labels}[subset]`;
  }
  const validation = settings.validation.kind === 'test' ? `validation_data=(${SPLIT_VARIABLES.test.images} / 255, ${SPLIT_VARIABLES.test.labels})` : `validation_split=${settings.validation.fraction}`;
  lines.push(`model.fit(${x}, ${y}, epochs=${settings.epochs}, batch_size=${settings.batchSize}, ${validation})`);
  return lines;
}
