import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dataFileHashes, sha256Integrity, withDataRevisions, type PrecacheEntry } from '../../../scripts/pwa';
import type { Manifest } from '../../../src/data/format';

const hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** The parts of a manifest the precache reads: each split's sheets and labels with their SHA-256. */
const manifest = {
  splits: {
    train: { sheets: [{ file: 'train-images-0.png', sha256: hex('t0') }, { file: 'train-images-1.png', sha256: hex('t1') }], labels: { file: 'train-labels.u8', sha256: hex('tl') } },
    test: { sheets: [{ file: 'test-images-0.png', sha256: hex('s0') }], labels: { file: 'test-labels.u8', sha256: hex('sl') } },
  },
} as unknown as Manifest;

const entry = (url: string, revision: string | null = 'md5'): PrecacheEntry => ({ url, revision, size: 1 });

describe('the offline precache of the dataset', () => {
  it('lists every sheet, labels file and the manifest itself, by URL under data/mnist/', () => {
    const hashes = dataFileHashes(manifest, hex('manifest'));
    expect(Object.fromEntries(hashes)).toEqual({
      'data/mnist/manifest.json': hex('manifest'),
      'data/mnist/train-images-0.png': hex('t0'),
      'data/mnist/train-images-1.png': hex('t1'),
      'data/mnist/train-labels.u8': hex('tl'),
      'data/mnist/test-images-0.png': hex('s0'),
      'data/mnist/test-labels.u8': hex('sl'),
    });
  });

  it("gives each data file the manifest's SHA-256 as revision and integrity, and leaves the app shell's entries alone", () => {
    const hashes = dataFileHashes(manifest, hex('manifest'));
    const entries = [entry('index.html', 'abc'), entry('assets/index-1234abcd.js', null), ...[...hashes.keys()].map((url) => entry(url))];
    const out = withDataRevisions(entries, hashes);
    expect(out[0]).toEqual(entry('index.html', 'abc'));
    expect(out[1]).toEqual(entry('assets/index-1234abcd.js', null));
    const sheet = out.find((e) => e.url === 'data/mnist/train-images-1.png');
    expect(sheet).toEqual({ url: 'data/mnist/train-images-1.png', revision: hex('t1'), integrity: sha256Integrity(hex('t1')), size: 1 });
    expect(out.filter((e) => e.url.startsWith('data/')).every((e) => e.revision === hashes.get(e.url))).toBe(true);
  });

  it('a changed sheet changes only that revision, so a new build downloads only that file', () => {
    const before = withDataRevisions([...dataFileHashes(manifest, hex('m1')).keys()].map((url) => entry(url)), dataFileHashes(manifest, hex('m1')));
    const changed = structuredClone(manifest);
    changed.splits.test.sheets[0].sha256 = hex('s0 changed');
    const hashes = dataFileHashes(changed, hex('m2'));
    const after = withDataRevisions([...hashes.keys()].map((url) => entry(url)), hashes);
    const differ = after.filter((e, i) => e.revision !== before[i].revision).map((e) => e.url);
    expect(differ).toEqual(['data/mnist/manifest.json', 'data/mnist/test-images-0.png']);
  });

  it('fails the build when a data file is missing from the precache (too large, or not copied)', () => {
    const hashes = dataFileHashes(manifest, hex('manifest'));
    const entries = [...hashes.keys()].filter((url) => url !== 'data/mnist/train-images-1.png').map((url) => entry(url));
    expect(() => withDataRevisions(entries, hashes)).toThrow(/lacks data\/mnist\/train-images-1\.png/);
  });

  it('writes the integrity as the browser checks it: sha256- and the digest in base64', () => {
    const digest = createHash('sha256').update('abc').digest();
    expect(sha256Integrity(digest.toString('hex'))).toBe(`sha256-${digest.toString('base64')}`);
    expect(sha256Integrity(hex(''))).toBe('sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  });
});
