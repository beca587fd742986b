/**
 * The saved-models library: save the current model to the browser or as a download, list, load,
 * rename and delete saved models, and load model files the learner chose or dropped. A loaded model
 * becomes the training service's current model. Every failure is a notice in the page; a failed
 * save, load or rename leaves what is saved as it was, and a save the browser refused (no IndexedDB,
 * no room, an aborted write) offers the download instead. The browser's storage (used, available,
 * persistent) is part of the status, and models the browser cleared between visits are said to be
 * gone. The model I/O (and tfjs) load lazily.
 */
import { tryParseModelName, type ModelStore, type SavedModelEntry } from '../../model/model-store';
import type { NotebookModelMetadata } from '../../model/model-files';
import { presetOf } from '../../model/presets';
import { asSentence, errorMessage, formatBytes } from '../../lib/format';
import type { BrowserStorage, StorageInfo } from './browser-storage';
import type { TrainingDataset } from './types';
import { FramePublisher } from './frame-publisher';
import { lazyModule } from './lazy';
import { isWeightsChanging } from './training-types';
import type { TrainingService } from './training-service';

/** Files larger than this together are not a model this notebook loads. */
const MAX_FILES_BYTES = 200 * 1024 * 1024;

export interface LibraryNotice {
  tone: 'info' | 'error';
  text: string;
  /** The model was not kept in the browser: offer to download it under this name instead. */
  download?: string;
}

export interface LibraryStatus {
  /** Saved models, newest first; null until first read. */
  entries: SavedModelEntry[] | null;
  /** What is under way ("Saving 'x'…"), or null. */
  busy: string | null;
  notice: LibraryNotice | null;
  /** A save waiting for the learner to confirm that it replaces the model of this name. */
  confirmReplace: string | null;
  /** The browser's storage used, available and persistence; null when not given a BrowserStorage. */
  storage: StorageInfo | null;
}

const INITIAL: LibraryStatus = { entries: null, busy: null, notice: null, confirmReplace: null, storage: null };

const loadIo = lazyModule(() => import('../../model/model-io'));

export class ModelLibraryService {
  private status: LibraryStatus = INITIAL;
  private readonly publisher = new FramePublisher();
  private readonly unsubscribeStorage: () => void;

  /** `storage`: the browser's storage to report (the app's wraps `store`, see BrowserStorage.guard). */
  constructor(
    private readonly training: TrainingService,
    private readonly dataset: Pick<TrainingDataset, 'getStatus'>,
    private readonly store: ModelStore,
    private readonly storage: BrowserStorage | null = null,
  ) {
    this.status = { ...this.status, storage: storage?.getInfo() ?? null };
    this.unsubscribeStorage = storage ? storage.subscribe(() => this.update({ storage: storage.getInfo() })) : () => {};
    void this.refresh();
  }

  subscribe = this.publisher.subscribe;

  getStatus = (): LibraryStatus => this.status;

  /** Reads the list of saved models again. */
  async refresh(): Promise<void> {
    const r = await this.store.list();
    if (r.ok) {
      const cleared = this.storage?.noteSavedModels(r.value) ?? null;
      this.update(cleared ? { entries: r.value, notice: { tone: 'error', text: cleared } } : { entries: r.value });
    } else this.update({ entries: this.status.entries ?? [], notice: { tone: 'error', text: `${asSentence(r.error)} Download still keeps a model as files.` } });
  }

  /** Why the current model cannot be saved now, or null. */
  saveBlocked(): string | null {
    const s = this.training.getStatus();
    if (isWeightsChanging(s.phase)) return 'pause or stop training first';
    if (!this.training.currentModel()) return 'there is no model yet: train one or load one';
    return null;
  }

  /** Saves the current model to the browser under `rawName`; a taken name asks first (confirmReplace) unless `replace`. */
  async save(rawName: string, replace = false): Promise<void> {
    const name = tryParseModelName(rawName);
    if (!name.ok) return this.notice('error', `Not saved: ${name.error}.`);
    const blocked = this.saveBlocked();
    if (blocked) return this.notice('error', `Not saved: ${blocked}.`);
    const model = this.training.currentModel();
    if (!model) return;
    this.update({ busy: `Saving '${name.value}'…`, confirmReplace: null, notice: null });
    try {
      const io = await loadIo();
      const files = await io.exportModel(model, this.metadata());
      if (!files.ok) return this.notice('error', `'${name.value}' was not saved: ${files.error}.`);
      const metadata = { ...this.metadata(), params: files.value.params };
      const entry: SavedModelEntry = { name: name.value, savedAt: Date.now(), metadata, layers: files.value.layers, bytes: files.value.modelJson.length + files.value.weights.byteLength };
      const put = await this.store.put(entry, { modelJson: files.value.modelJson, weights: files.value.weights }, replace);
      if (!put.ok) return this.notSaved(name.value, put.error);
      if (put.value === 'exists') return this.update({ busy: null, confirmReplace: name.value });
      await this.refresh();
      this.notice('info', `Saved '${name.value}' in this browser (${formatBytes(entry.bytes)}).`);
    } catch (e) {
      this.notSaved(name.value, errorMessage(e));
    }
  }

  /** The browser refused the model: what was not saved, why, that nothing saved changed, and the download. */
  private notSaved(name: string, why: string): void {
    this.update({ busy: null, notice: { tone: 'error', text: `'${name}' was not saved in this browser: ${asSentence(why)} The saved models are unchanged; download it to keep it as files.`, download: name } });
  }

  /** Drops a save waiting for confirmation. */
  cancelReplace(): void {
    this.update({ confirmReplace: null, notice: { tone: 'info', text: 'Not saved: the model of that name is kept.' } });
  }

  /** Downloads the current model as `<name>.json` + `<name>.weights.bin` (standard TF.js Layers files). */
  async download(rawName: string): Promise<void> {
    const name = tryParseModelName(rawName || 'mnist-model');
    if (!name.ok) return this.notice('error', `Not downloaded: ${name.error}.`);
    const blocked = this.saveBlocked();
    const model = this.training.currentModel();
    if (blocked || !model) return this.notice('error', `Not downloaded: ${blocked ?? 'there is no model'}.`);
    this.update({ busy: 'Preparing the download…', notice: null });
    try {
      const io = await loadIo();
      const files = await io.exportModel(model, this.metadata());
      if (!files.ok) return this.notice('error', `Not downloaded: ${files.error}.`);
      const prefix = name.value.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'mnist-model';
      const done = await io.downloadModelFiles(files.value, prefix);
      if (!done.ok) return this.notice('error', `Not downloaded: ${done.error}.`);
      this.notice('info', `Downloading ${prefix}.json and ${prefix}.weights.bin (TensorFlow.js Layers format; choose both to load them again).`);
    } catch (e) {
      this.notice('error', `Not downloaded: ${errorMessage(e)}.`);
    }
  }

  /** Loads a saved model and makes it the current model. */
  async load(name: string): Promise<void> {
    this.update({ busy: `Loading '${name}'…`, notice: null });
    try {
      const got = await this.store.get(name);
      if (!got.ok) return this.notice('error', `Could not load '${name}': ${got.error}.`);
      if (!got.value) {
        await this.refresh();
        return this.notice('error', `'${name}' is no longer saved (deleted in another tab?).`);
      }
      const io = await loadIo();
      const loaded = await io.loadStoredModel(got.value.files, { image: this.image() });
      if (!loaded.ok) return this.notice('error', `Could not load '${name}': ${asSentence(loaded.error)} The saved models are unchanged.`);
      const refused = await this.training.useLoadedModel(loaded.value, name);
      if (refused) return this.notice('error', `Could not load '${name}': ${refused}.`);
      this.notice('info', `Loaded '${name}': it is the current model; its test accuracy is in the evaluation cell.`);
    } catch (e) {
      this.notice('error', `Could not load '${name}': ${errorMessage(e)}. The saved models are unchanged.`);
    }
  }

  /** Loads model.json + weight files chosen or dropped by the learner and makes the model current. */
  async loadFiles(files: readonly File[]): Promise<void> {
    const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
    if (files.length === 0) return;
    if (jsons.length !== 1) {
      return this.notice('error', jsons.length === 0 ? `No model.json among ${files.map((f) => f.name).join(', ')}: choose the model.json together with its weights file(s).` : `Choose one model.json at a time (got ${jsons.map((f) => f.name).join(', ')}).`);
    }
    const total = files.reduce((a, f) => a + f.size, 0);
    if (total > MAX_FILES_BYTES) return this.notice('error', `The files are ${formatBytes(total)} together, more than the ${formatBytes(MAX_FILES_BYTES)} this notebook loads.`);
    const json = jsons[0];
    this.update({ busy: `Loading ${json.name}…`, notice: null });
    try {
      const weights = new Map<string, Uint8Array>();
      for (const f of files) if (f !== json) weights.set(f.name, new Uint8Array(await f.arrayBuffer()));
      const text = await json.text();
      const io = await loadIo();
      const loaded = await io.loadModelFiles(text, weights, { image: this.image(), jsonName: json.name });
      if (!loaded.ok) return this.notice('error', `${asSentence(loaded.error)} Nothing was loaded; the saved models are unchanged.`);
      const name = json.name.replace(/\.json$/i, '');
      const refused = await this.training.useLoadedModel(loaded.value, name);
      if (refused) return this.notice('error', `Could not load ${json.name}: ${refused}.`);
      this.notice('info', `Loaded ${json.name}: it is the current model; its test accuracy is in the evaluation cell. Save it to keep it in this browser.`);
    } catch (e) {
      this.notice('error', `Could not read ${json.name}: ${errorMessage(e)}.`);
    }
  }

  /** Renames a saved model; a taken name is refused (nothing changes). */
  async rename(from: string, rawTo: string): Promise<boolean> {
    const to = tryParseModelName(rawTo);
    if (!to.ok) {
      this.notice('error', `Not renamed: ${to.error}.`);
      return false;
    }
    if (to.value === from) return true;
    const r = await this.store.rename(from, to.value);
    if (!r.ok) {
      this.notice('error', `${asSentence(r.error)} The saved models are unchanged.`);
      return false;
    }
    if (r.value === 'exists') {
      this.notice('error', `Not renamed: a model named '${to.value}' is already saved; delete it first or choose another name.`);
      return false;
    }
    if (r.value === 'renamed') this.training.renameLoaded(from, to.value);
    await this.refresh();
    this.notice(r.value === 'renamed' ? 'info' : 'error', r.value === 'renamed' ? `Renamed '${from}' to '${to.value}'.` : `'${from}' is no longer saved.`);
    return r.value === 'renamed';
  }

  /** Deletes a saved model. */
  async remove(name: string): Promise<void> {
    const r = await this.store.remove(name);
    if (!r.ok) return this.notice('error', `${asSentence(r.error)} The saved models are unchanged.`);
    await this.refresh();
    this.notice('info', `Deleted '${name}'.`);
  }

  dispose(): void {
    this.unsubscribeStorage();
    this.publisher.cancel();
  }

  private metadata(): NotebookModelMetadata {
    const s = this.training.getStatus();
    const loaded = s.loadedModel;
    const spec = s.run?.settings.model ?? loaded?.info.spec ?? null;
    const architecture = s.run ? (presetOf(s.run.settings.model) ?? 'custom') : (loaded?.info.metadata?.architecture ?? 'imported');
    const epochs = s.run ? (s.testHistory.at(-1)?.epoch ?? null) : (loaded?.info.metadata?.epochs ?? null);
    return { spec, architecture, params: loaded?.info.params ?? 0, testAccuracy: s.test?.accuracy ?? null, epochs };
  }

  private image(): { rows: number; cols: number } {
    const { rows, cols } = this.dataset.getStatus().source;
    return { rows, cols };
  }

  private notice(tone: LibraryNotice['tone'], text: string): void {
    this.update({ busy: null, notice: { tone, text } });
  }

  private update(patch: Partial<LibraryStatus>): void {
    this.status = { ...this.status, ...patch };
    this.publisher.publish(true);
  }
}
