/**
 * The training and evaluation cells on a dataset that is not MNIST (issue 5): the Keras code, the
 * summary, the editor's checks and the form follow the images' rows x cols and the training count;
 * class names label the confusion matrix, the per-class accuracy, the mistakes and the prediction bars.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CNN_PRESET, DENSE_PRESET } from '../../../../src/model/presets';
import { DEFAULT_SETTINGS, validateSettingsText } from '../../../../src/model/settings';
import { analyzeSpec, type ImageShape, type ModelSpec } from '../../../../src/model/spec';
import { ConfusionMatrix } from '../../../../src/notebook/training/evaluation/ConfusionMatrix';
import { classLabel, formatMistakeCaption, formatPrediction } from '../../../../src/notebook/training/evaluation/format';
import { MistakesGallery } from '../../../../src/notebook/training/evaluation/MistakesGallery';
import { PerClassAccuracy } from '../../../../src/notebook/training/evaluation/PerClassAccuracy';
import { PredictionBars } from '../../../../src/notebook/training/evaluation/PredictionBars';
import { mistakeTile } from '../../../../src/notebook/training/evaluation/sprite';
import { fitToKeras, modelToKeras } from '../../../../src/notebook/training/python';
import { settingsRows } from '../../../../src/notebook/training/setup/settings-form';
import { applyEdit, draftsToSpec, initialEditorSync, initialSpecEdit, parseDraftField } from '../../../../src/notebook/training/setup/spec-edit';
import { summaryRows } from '../../../../src/notebook/training/setup/summary';

const IMAGE_32: ImageShape = { rows: 32, cols: 32 };
const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const count = (html: string, s: string) => html.split(s).length - 1;
const noop = () => {};

function rows(spec: ModelSpec, image: ImageShape) {
  const plan = analyzeSpec(spec, image);
  if (!plan.ok) throw new Error(plan.error);
  return summaryRows(spec, plan.value).map((r) => [r.name, r.shape, r.paramsText]);
}

describe('the Keras code and the summary for a 32x32 dataset', () => {
  it('Dense: Flatten(input_shape=(32, 32)), an input of 1,024 and 131,200 parameters in the hidden layer', () => {
    expect(modelToKeras(DENSE_PRESET, IMAGE_32)).toEqual([
      'model = tf.keras.Sequential([',
      '    tf.keras.layers.Flatten(input_shape=(32, 32)),',
      "    tf.keras.layers.Dense(128, activation='relu'),",
      "    tf.keras.layers.Dense(10, activation='softmax'),",
      '])',
    ]);
    expect(rows(DENSE_PRESET, IMAGE_32)).toEqual([
      ['input', '(1024,)', '0'],
      ['dense 128 relu', '(128,)', '131,200'],
      ['dense 10 softmax', '(10,)', '1,290'],
    ]);
  });

  it('CNN: Reshape((32, 32, 1), input_shape=(32, 32)) and every output shape for 32x32', () => {
    expect(modelToKeras(CNN_PRESET, IMAGE_32)[1]).toBe('    tf.keras.layers.Reshape((32, 32, 1), input_shape=(32, 32)),');
    expect(rows(CNN_PRESET, IMAGE_32)).toEqual([
      ['input', '(32, 32, 1)', '0'],
      ['conv2d 16 5x5 relu', '(28, 28, 16)', '416'],
      ['maxPool 2x2', '(14, 14, 16)', '0'],
      ['conv2d 32 5x5 relu', '(10, 10, 32)', '12,832'],
      ['maxPool 2x2', '(5, 5, 32)', '0'],
      ['flatten', '(800,)', '0'],
      ['dense 128 relu', '(128,)', '102,528'],
      ['dense 10 softmax', '(10,)', '1,290'],
    ]);
  });

  it('a non-square dataset keeps rows and columns in order: (28, 56)', () => {
    expect(modelToKeras(CNN_PRESET, { rows: 28, cols: 56 })[1]).toBe('    tf.keras.layers.Reshape((28, 56, 1), input_shape=(28, 56)),');
    expect(rows(CNN_PRESET, { rows: 28, cols: 56 })[1]).toEqual(['conv2d 16 5x5 relu', '(24, 52, 16)', '416']);
  });

  it('fit draws a subset only when it is smaller than the dataset\'s training images', () => {
    const all = fitToKeras({ ...DEFAULT_SETTINGS, schedule: 'constant', subsetSize: 2000 }, 2000);
    expect(all).toHaveLength(2);
    expect(all[1]).toMatch(/^model\.fit\(training_images \/ 255, training_labels,/);
    const part = fitToKeras({ ...DEFAULT_SETTINGS, schedule: 'constant', subsetSize: 1500, seed: 3 }, 2000);
    expect(part[1]).toBe('subset = np.random.default_rng(3).permutation(len(training_images))[:1500]');
  });
});

describe('the editor and the form follow the dataset', () => {
  it('kernel and pool sizes range up to the longer side of the images', () => {
    expect(parseDraftField('kernel', '30', IMAGE_32)).toEqual({ ok: true, value: 30 });
    expect(parseDraftField('kernel', '30')).toEqual({ ok: false, error: 'kernel size must be a whole number from 1 to 28' });
    expect(parseDraftField('pool', '33', IMAGE_32)).toEqual({ ok: false, error: 'pool size must be a whole number from 1 to 32' });
  });

  it('the CNN preset on 12x12 images: the editor says why it cannot read them, computed through the layers', () => {
    const check = draftsToSpec(initialSpecEdit(CNN_PRESET).drafts, { rows: 12, cols: 12 });
    expect(check.spec).toBeNull();
    expect(check.problem).toMatch(/^Layer 3 \(conv2d\): its 5x5 kernel is larger than its 4x4 input.*at least 16x16 pixels, and this dataset's are 12x12, which layers 1-2 shrink to 4x4\.$/);
    // The same drafts are fine on MNIST.
    expect(draftsToSpec(initialSpecEdit(CNN_PRESET).drafts).spec).toEqual(CNN_PRESET);
  });

  it('an edit is checked against the dataset\'s images', () => {
    const sync = initialEditorSync(DENSE_PRESET);
    const cnn = applyEdit(sync, { type: 'load', spec: CNN_PRESET }, { rows: 14, cols: 14 });
    expect(cnn?.check.spec).toBeNull();
    expect(cnn?.check.problem).toMatch(/needs images of at least 16x16 pixels, and this dataset's are 14x14/);
    expect(applyEdit(sync, { type: 'load', spec: CNN_PRESET }, { rows: 16, cols: 16 })?.check.spec).toEqual(CNN_PRESET);
  });

  it('the subset range and the validation choice follow the counts; the model is checked for the images', () => {
    const form = settingsRows(600, 150);
    expect(form.find((r) => r.field === 'subsetSize')?.hint).toBe('600 to 600 images');
    const validation = form.find((r) => r.field === 'validation');
    expect(validation?.control.type === 'select' && validation.control.options.map((o) => o.text)).toEqual(['hold out part of the subset', 'the 150 test images']);
    expect(settingsRows(60000).find((r) => r.field === 'validation')?.control).toMatchObject({ options: [{}, { text: 'the 10,000 test images' }] });

    const text = { optimizer: 'adam', learningRate: '0.001', batchSize: '32', epochs: '1', subsetSize: '600', validation: 'split', validationFraction: '0.1', seed: '1' };
    expect(validateSettingsText(text, { model: DENSE_PRESET, maxSubset: 600, image: IMAGE_32 }).settings?.subsetSize).toBe(600);
    expect(validateSettingsText({ ...text, subsetSize: '601' }, { maxSubset: 600 }).errors.subsetSize).toBe('subset size must be from 600 to 600');
    // More training images than MNIST's: the range follows them.
    expect(validateSettingsText({ ...text, subsetSize: '240000' }, { maxSubset: 240000 }).settings?.subsetSize).toBe(240000);
    const tooSmall = validateSettingsText(text, { model: CNN_PRESET, maxSubset: 600, image: { rows: 10, cols: 10 } });
    expect(tooSmall.settings).toBeNull();
    expect(tooSmall.errors.model).toMatch(/at least 16x16 pixels, and this dataset's are 10x10/);
  });
});

describe('class names in the evaluation views', () => {
  it('classLabel uses the name when there is one, the digit otherwise', () => {
    expect(classLabel(FASHION, 0)).toBe('T-shirt/top');
    expect(classLabel(null, 0)).toBe('0');
    expect(classLabel(undefined, 9)).toBe('9');
    expect(classLabel(['a', ''], 1), 'an empty name falls back to the digit').toBe('1');
    expect(formatMistakeCaption({ label: 6, predicted: 0, confidence: 0.97 }, FASHION)).toBe('Shirt → T-shirt/top · 97%');
    expect(formatMistakeCaption({ label: 6, predicted: 0, confidence: 0.97 })).toBe('6 → 0 · 97%');
    expect(formatPrediction(7, 0.991, FASHION)).toBe('predicts Sneaker (99.1%)');
  });

  it('the confusion matrix names both axes and every cell by class', () => {
    const confusion = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 90 : i === 6 && j === 0 ? 12 : 0)));
    const html = renderToStaticMarkup(createElement(ConfusionMatrix, { confusion, selected: null, onSelect: noop, classNames: FASHION }));
    expect(count(html, 'data-testid="eval.confusion.cell"')).toBe(100);
    expect(html).toContain('aria-label="true Shirt, predicted T-shirt/top: 12 images"');
    expect(html).toContain('rows are the true class');
    for (const name of FASHION) expect(count(html, `>${name}<`), name).toBe(2);
    const digits = renderToStaticMarkup(createElement(ConfusionMatrix, { confusion, selected: null, onSelect: noop }));
    expect(digits).toContain('aria-label="true 6, predicted 0: 12 images"');
    expect(digits).toContain('rows are the true digit');
    expect(digits).not.toContain('Shirt');
  });

  it('accuracy per class names the rows and the weakest class', () => {
    const perClass = Array.from({ length: 10 }, (_, d) => ({ correct: d === 6 ? 60 : 95, total: 100, accuracy: d === 6 ? 0.6 : 0.95 }));
    const html = renderToStaticMarkup(createElement(PerClassAccuracy, { perClass, classNames: FASHION }));
    expect(html).toContain('Accuracy per class; weakest: Shirt');
    expect(html).toContain('>class<');
    expect(html).toContain('data-digit="6" data-accuracy="0.6" data-weakest="true"');
    expect(html).toContain('>Ankle boot<');
    expect(renderToStaticMarkup(createElement(PerClassAccuracy, { perClass }))).toContain('Accuracy per digit; weakest: 6');
  });

  it('mistakes are captioned with names, and their thumbnails sized for the images', () => {
    const sprite = () => ({ url: 's.png', x: 32, y: 0, sheetWidth: 3200, sheetHeight: 320, tileWidth: 32, tileHeight: 32 });
    const html = renderToStaticMarkup(
      createElement(MistakesGallery, { mistakes: [{ index: 3, label: 6, predicted: 0, confidence: 0.97 }], sprite, selectedIndex: null, onSelect: noop, classNames: FASHION, imageSize: IMAGE_32 }),
    );
    expect(html).toContain('Shirt → T-shirt/top · 97%');
    expect(html).toContain('true Shirt, predicted T-shirt/top with 97% confidence');
    expect(html).toContain('width:64px;height:64px');
    expect(html).toContain('background-position:-64px 0px');
    expect(mistakeTile(28, 28)).toEqual({ scale: 2, width: 56, height: 56 });
    expect(mistakeTile(28, 56)).toEqual({ scale: 1, width: 56, height: 28 });
    expect(mistakeTile(20, 20)).toEqual({ scale: 3, width: 60, height: 60 });
  });

  it('the prediction bars and their history are labelled with names', () => {
    const probabilities = [0.001, 0, 0, 0.005, 0, 0, 0, 0.991, 0.003, 0];
    const html = renderToStaticMarkup(createElement(PredictionBars, { variable: 'test_images[0]', label: 9, probabilities, history: [{ epoch: 1, probabilities }], classNames: FASHION }));
    expect(count(html, 'data-testid="eval.prediction.bar"')).toBe(10);
    expect(html).toMatch(/data-testid="eval.prediction.top" data-digit="7">predicts Sneaker \(99.1%\)/);
    expect(html).toContain('true: Ankle boot');
    expect(html).toContain('aria-label="Sneaker: 99.1%, predicted"');
    expect(html).toContain('Probability per class for test_images[0]');
    expect(count(html, '>Bag<'), 'under its bar and atop its history column').toBe(2);
  });
});
