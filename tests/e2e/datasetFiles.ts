/** Ground truth for assertions, read from the same files the served app loads. */
import { inject } from 'vitest';
import { DATA_URL_PATH, MANIFEST_FILE, type Manifest, type SplitName } from '../../src/data/format';

async function fetchOk(path: string): Promise<Response> {
  const url = new URL(path, inject('baseUrl'));
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} -> ${response.status}`);
  return response;
}

export async function fetchManifest(): Promise<Manifest> {
  return (await (await fetchOk(DATA_URL_PATH + MANIFEST_FILE)).json()) as Manifest;
}

/** All labels (0..9) of a split, in image order. */
export async function fetchLabels(split: SplitName): Promise<Uint8Array> {
  const manifest = await fetchManifest();
  return new Uint8Array(await (await fetchOk(DATA_URL_PATH + manifest.splits[split].labels.file)).arrayBuffer());
}
