/**
 * The kernel of the expression notebook: owns the Namespace the cells run in (the dataset's tensors
 * provided under the lesson's names), runs one cell at a time, and turns each result into plain
 * display data (reading back only what is shown) before freeing its tensors.
 * The expression language (and TensorFlow.js) is imported once the dataset's tensors exist.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type * as ExprModule from '../../expr';
import type { Namespace, PrintCall, Value } from '../../expr';
import {
  BAR_CHART_MAX_ITEMS,
  STACK_MAX_IMAGES,
  TABLE_MAX_COLUMNS,
  TABLE_MAX_ROWS,
  appendStream,
  isByteImage,
  toDisplayBytes,
  type CellRun,
  type OutValue,
  type OutputPart,
} from '../code-cells/display';
import type { TrainingDataset } from './types';
import { FramePublisher } from './frame-publisher';
import { errorMessage } from '../../lib/format';
import { lazyModules, loadTf } from './lazy';

interface Modules {
  tf: typeof TfModule;
  expr: typeof ExprModule;
}

const loadModules: () => Promise<Modules> = lazyModules({ tf: loadTf, expr: () => import('../../expr') });

/** What the notebook's toolbar shows about the kernel. */
export interface ExprStatus {
  /** The dataset's names are bound and cells can run. */
  ready: boolean;
  /** Cells queued or running. */
  pending: number;
}

/** Told to a cell run while the dataset's tensors are not there. */
export const NOT_READY_MESSAGE = 'The dataset is still loading (or reloading): run the cell again once it is ready.';

export class ExprService {
  private status: ExprStatus = { ready: false, pending: 0 };
  private readonly publisher = new FramePublisher();
  private namespace: Namespace | null = null;
  /** The train images tensor currently provided, to notice a reloaded dataset. */
  private providedFrom: unknown = null;
  /** The provided images' [rows, cols] (28 x 28 for MNIST): values of this shape are drawn as images. */
  private imageShape: [number, number] = [28, 28];
  /** Values provided by other services (predictions, model), kept across dataset reloads. */
  private readonly extra = new Map<string, { value: Value | TfModule.Tensor; dtype?: ExprModule.DType }>();
  private queue: Promise<unknown> = Promise.resolve();
  private count = 0;
  private disposed = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly dataset: Pick<TrainingDataset, 'subscribe' | 'tensors'>) {
    this.unsubscribe = dataset.subscribe(this.sync);
    this.sync();
  }

  subscribe = this.publisher.subscribe;

  getStatus = (): ExprStatus => this.status;

  /**
   * Makes a borrowed value (e.g. `predictions` [10000] int32, or a model handle) visible to cells
   * under `name`; the caller keeps owning it and must call this again (or withdraw) before disposing it.
   */
  provide(name: string, value: Value | TfModule.Tensor, dtype?: ExprModule.DType): void {
    this.extra.set(name, { value, dtype });
    this.namespace?.provide(name, value, dtype);
  }

  /**
   * Runs a cell's text after the cells queued before it; resolves with plain display data.
   * Never rejects: failures are the cell's error output.
   */
  run(source: string): Promise<CellRun> {
    this.update({ pending: this.status.pending + 1 });
    const job = this.queue.then(() => this.execute(source));
    this.queue = job.catch(() => undefined);
    return job.finally(() => this.update({ pending: this.status.pending - 1 }));
  }

  /** Forgets every name the cells assigned and restarts the execution count (after the queued cells). */
  restart(): Promise<void> {
    const job = this.queue.then(() => {
      this.namespace?.reset();
      this.count = 0;
    });
    this.queue = job.catch(() => undefined);
    return job;
  }

  /** Frees what cells assigned and stops listening to the dataset. */
  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    this.publisher.cancel();
    this.namespace?.dispose();
    this.namespace = null;
    this.providedFrom = null;
  }

  /** Binds the dataset's tensors once they exist, and again after a reload. */
  private sync = (): void => {
    if (this.disposed) return;
    const tensors = this.dataset.tensors();
    if (!tensors) {
      if (this.providedFrom !== null) {
        this.providedFrom = null;
        this.update({ ready: false }, true);
      }
      return;
    }
    if (tensors.trainImages === this.providedFrom) return;
    this.providedFrom = tensors.trainImages;
    void loadModules().then(({ expr }) => {
      const now = this.dataset.tensors();
      // A later sync handles a dataset that changed while the modules loaded.
      if (this.disposed || !now || now.trainImages !== tensors.trainImages) return;
      this.namespace ??= new expr.Namespace();
      this.imageShape = [now.trainImages.shape[1] ?? 28, now.trainImages.shape[2] ?? 28];
      expr.provideSplit(this.namespace, 'train', now.trainImages, now.trainLabels, now.trainImageBytes);
      expr.provideSplit(this.namespace, 'test', now.testImages, now.testLabels, now.testImageBytes);
      for (const [name, { value, dtype }] of this.extra) this.namespace.provide(name, value, dtype);
      this.update({ ready: true }, true);
    });
  };

  private async execute(source: string): Promise<CellRun> {
    const count = ++this.count;
    const namespace = this.namespace;
    if (!this.status.ready || !namespace || this.disposed) return { count, ok: false, parts: [{ type: 'error', text: NOT_READY_MESSAGE }] };
    const modules = await loadModules();
    return modules.expr.whileCellRuns(() => this.evaluateAndRead(source, count, namespace, modules));
  }

  /** Evaluates a cell and reads its output back as display parts. */
  private async evaluateAndRead(source: string, count: number, namespace: Namespace, modules: Modules): Promise<CellRun> {
    const { expr } = modules;
    const result = expr.evaluateCell(source, namespace);
    const parts: OutputPart[] = [];
    try {
      for (const call of result.ok ? result.value.printed : result.printed) await this.printCall(call, parts, modules);
      if (!result.ok) {
        parts.push({ type: 'error', text: expr.formatFailure(source, result) });
        return { count, ok: false, parts };
      }
      const value = result.value.value;
      if (value !== undefined && value !== null) parts.push({ type: 'out', value: await outValue(value, modules, this.imageShape) });
      for (const text of result.value.notes) parts.push({ type: 'hint', text });
      return { count, ok: true, parts };
    } catch (e) {
      // Reading back can fail if the tensors went away mid-run (a lost WebGL context, a reload).
      parts.push({ type: 'error', text: `RuntimeError: the result could not be read back (${errorMessage(e)})` });
      return { count, ok: false, parts };
    } finally {
      expr.disposeOutput(result.ok ? result.value : result);
    }
  }

  /** print(x) of one image-shaped array of bytes becomes the numeric grid; anything else, text. */
  private async printCall(call: PrintCall, parts: OutputPart[], { expr }: Modules): Promise<void> {
    const only = call.items.length === 1 ? call.items[0] : undefined;
    const [rows, cols] = this.imageShape;
    if (only !== undefined && expr.describeValue(only, this.imageShape).kind === 'image') {
      const values = await (expr.tensorOf(only) as TfModule.Tensor).data();
      if (isByteImage(values)) {
        parts.push({ type: 'grid', pixels: Uint8Array.from(values), rows, cols });
        appendStream(parts, call.end === '\n' ? '' : call.end);
        return;
      }
    }
    appendStream(parts, await expr.formatPrinted([call]));
  }

  private update(patch: Partial<ExprStatus>, now = false): void {
    this.status = { ...this.status, ...patch };
    this.publisher.publish(now);
  }
}

/** A cell's last value as display data: images read back whole, stacks and tables only up to their caps. */
async function outValue(value: Value, { tf, expr }: Modules, imageShape: [number, number]): Promise<OutValue> {
  const d = expr.describeValue(value, imageShape);
  const [rows, cols] = imageShape;
  const t = expr.tensorOf(value) as TfModule.Tensor;
  switch (d.kind) {
    case 'image': {
      const { pixels, range } = toDisplayBytes(await t.data(), d.dtype);
      return { kind: 'image', pixels, rows, cols, dtype: d.dtype, range };
    }
    case 'image-stack': {
      const count = Math.min(d.shape[0], STACK_MAX_IMAGES);
      const head = tf.slice(t, [0, 0, 0], [count, d.shape[1], d.shape[2]]);
      try {
        const { pixels } = toDisplayBytes(await head.data(), d.dtype);
        return { kind: 'images', pixels, rows, cols, count, total: d.shape[0], dtype: d.dtype };
      } finally {
        head.dispose();
      }
    }
    case 'table': {
      const rows = Math.min(d.shape[0], TABLE_MAX_ROWS);
      const cols = Math.min(d.shape[1], TABLE_MAX_COLUMNS);
      // Exact host values (float64, int64 past int32) when the array has them; else the tensor's.
      const exact = expr.exactValues(value);
      const head = exact ? null : tf.slice(t, [0, 0], [rows, cols]);
      try {
        const values = head ? await head.data() : null;
        const item = (r: number, c: number) => (exact ? exact[r * d.shape[1] + c] : (values as ArrayLike<number>)[r * cols + c]);
        const cells = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => formatItem(item(r, c), d.dtype)));
        return { kind: 'table', rows: cells, shape: [d.shape[0], d.shape[1]], dtype: d.dtype };
      } finally {
        head?.dispose();
      }
    }
    case 'array': {
      const text = await expr.toPython(value, 'out');
      const numeric = d.shape.length === 1 && d.dtype !== 'bool' && d.shape[0] > 1 && d.shape[0] <= BAR_CHART_MAX_ITEMS;
      return numeric ? { kind: 'text', text, valueKind: d.kind, bars: Array.from(await t.data()) } : { kind: 'text', text, valueKind: d.kind };
    }
    default:
      return { kind: 'text', text: await expr.toPython(value, 'out'), valueKind: d.kind };
  }
}

/** One table item as numpy prints it (floats to their shortest round-trip digits in their dtype, near enough for a table). */
function formatItem(v: number | boolean | undefined, dtype: string): string {
  if (v === undefined) return '';
  if (dtype === 'bool') return v ? 'True' : 'False';
  const n = Number(v);
  if (dtype !== 'float32' && dtype !== 'float64') return String(n);
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  const round = dtype === 'float32' ? Math.fround : (x: number) => x;
  for (let digits = 1; digits <= 17; digits++) {
    const s = n.toPrecision(digits);
    if (round(Number(s)) === round(n)) return Number.isInteger(Number(s)) && !s.includes('e') ? `${Number(s)}.` : String(Number(s));
  }
  return String(n);
}
