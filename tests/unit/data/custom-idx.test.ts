/** The learner's own IDX files: gzip by magic, roles by magic and name, pairing, and a message naming the file for every failure. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASS_NAMES, MAX_IMAGE_SIDE, splitFromName, tryLoadIdxFiles, tryParseClassNames, tryReadIdxBytes, type NamedBytes } from '../../../src/data/custom-idx';
import { tryGunzip } from '../../../src/data/gunzip';
import { idxFile, labelsIdx, randomImages, randomLabels } from './fixtures';

/** Four IDX files of `rows`x`cols` images (train `nTrain`, test `nTest`), optionally gzipped. */
function datasetFiles({ rows = 28, cols = 28, nTrain = 30, nTest = 10, gz = false, prefix = '' } = {}): NamedBytes[] {
  const wrap = (name: string, bytes: Uint8Array): NamedBytes => (gz ? { name: `${prefix}${name}.gz`, bytes: gzipSync(bytes) } : { name: `${prefix}${name}`, bytes });
  return [
    wrap('train-images-idx3-ubyte', idxFile([nTrain, rows, cols], randomImages(nTrain * rows * cols, 1, 1))),
    wrap('train-labels-idx1-ubyte', labelsIdx(randomLabels(nTrain, 2))),
    wrap('t10k-images-idx3-ubyte', idxFile([nTest, rows, cols], new Uint8Array(nTest * rows * cols).fill(7))),
    wrap('t10k-labels-idx1-ubyte', labelsIdx(randomLabels(nTest, 3))),
  ];
}

async function failure(files: NamedBytes[]): Promise<string> {
  const r = await tryLoadIdxFiles(files);
  expect(r.ok, 'expected the files to be refused').toBe(false);
  return r.ok ? '' : r.error;
}

const replace = (files: NamedBytes[], k: number, f: NamedBytes) => files.map((x, i) => (i === k ? f : x));

describe('tryLoadIdxFiles on good files', () => {
  it.each([
    { what: 'raw 28x28', opts: {} },
    { what: 'gzipped 28x28', opts: { gz: true } },
    { what: 'raw 32x32', opts: { rows: 32, cols: 32 } },
    { what: 'gzipped 20x36 (not square)', opts: { rows: 20, cols: 36, gz: true } },
    { what: 'the smallest side, 4x4', opts: { rows: 4, cols: 4 } },
  ])('loads $what, in any file order', async ({ opts }) => {
    const files = datasetFiles(opts).reverse();
    const r = await tryLoadIdxFiles(files);
    expect(r.ok ? '' : r.error).toBe('');
    if (!r.ok) return;
    expect(r.value.rows).toBe(opts.rows ?? 28);
    expect(r.value.cols).toBe(opts.cols ?? 28);
    expect(r.value.splits.train.images.count).toBe(30);
    expect(r.value.splits.test.labels.count).toBe(10);
    expect(r.value.splits.test.images.pixels[0]).toBe(7);
    expect(Array.from(r.value.splits.train.labels.labels)).toEqual(Array.from(randomLabels(30, 2)));
    expect(r.value.splits.train.files.images).toMatch(/^train-images/);
  });

  it('mixes raw and gzipped files, and takes a name from a common stem', async () => {
    const raw = datasetFiles({ prefix: 'emnist-digits-' });
    const gz = datasetFiles({ prefix: 'emnist-digits-', gz: true });
    const r = await tryLoadIdxFiles([raw[0], gz[1], raw[2], gz[3]]);
    expect(r.ok && r.value.name).toBe('emnist-digits');
  });

  it('accepts "test" in place of "t10k", and folder paths', async () => {
    const files = datasetFiles().map((f) => ({ ...f, name: `fashion/${f.name.replace('t10k', 'test')}` }));
    const r = await tryLoadIdxFiles(files);
    expect(r.ok ? r.value.name : r.error).toBe('your IDX files');
  });
});

describe('tryLoadIdxFiles refuses, naming the file and the problem', () => {
  const good = datasetFiles();
  const cases: { what: string; files: () => NamedBytes[]; message: RegExp }[] = [
    { what: 'no files', files: () => [], message: /No files chosen/ },
    { what: 'the test labels missing', files: () => good.slice(0, 3), message: /Missing the test labels file/ },
    { what: 'the whole test split missing', files: () => good.slice(0, 2), message: /Missing the test images file .* and the test labels file/ },
    { what: 'a labels file given twice', files: () => [...good, { ...good[1], name: 'train-labels-copy' }], message: /^train-labels-copy: a second train labels file \(train-labels-idx1-ubyte is one already\)/ },
    { what: 'a name without a split', files: () => replace(good, 0, { ...good[0], name: 'images.idx3' }), message: /^images\.idx3: cannot tell which split/ },
    { what: 'wrong magic (a PNG)', files: () => replace(good, 2, { name: 't10k-images.png', bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]) }), message: /^t10k-images\.png: not an IDX file/ },
    { what: 'int data, not bytes', files: () => replace(good, 2, { name: 't10k-images', bytes: idxFile([1, 28, 28], 784 * 4, 0x0c) }), message: /^t10k-images: expected unsigned-byte data/ },
    { what: 'a truncated header', files: () => replace(good, 0, { name: 'train-images', bytes: good[0].bytes.subarray(0, 10) }), message: /^train-images: truncated header/ },
    { what: 'a truncated body', files: () => replace(good, 0, { name: 'train-images', bytes: good[0].bytes.subarray(0, 500) }), message: /^train-images: truncated body/ },
    { what: 'a truncated gzip', files: () => replace(good, 1, { name: 'train-labels.gz', bytes: gzipSync(good[1].bytes).subarray(0, 20) }), message: /^train-labels\.gz: the gzip data is corrupt or truncated/ },
    { what: 'corrupt gzip', files: () => replace(good, 1, { name: 'train-labels.gz', bytes: Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) }), message: /^train-labels\.gz: the gzip data is corrupt/ },
    { what: 'an empty file', files: () => replace(good, 3, { name: 't10k-labels', bytes: new Uint8Array(0) }), message: /^t10k-labels: the file is empty/ },
    { what: 'images and labels of different counts', files: () => replace(good, 1, { name: 'train-labels', bytes: labelsIdx(randomLabels(29, 2)) }), message: /^train-images-idx3-ubyte has 30 images but train-labels has 29 labels/ },
    { what: 'a 2 GB declared size', files: () => replace(good, 0, { name: 'train-images', bytes: idxFile([50000, 200, 200], 16) }), message: /^train-images: declared size 50000x200x200 is larger than the 1073741824-byte limit/ },
    { what: 'a 2 GB declared size, gzipped', files: () => replace(good, 0, { name: 'train-images.gz', bytes: gzipSync(idxFile([50000, 200, 200], 16)) }), message: /^train-images\.gz: declared size 50000x200x200 is larger/ },
    { what: 'labels of 10 and more', files: () => replace(good, 3, { name: 't10k-labels', bytes: labelsIdx(Uint8Array.from({ length: 10 }, (_, i) => i + 3)) }), message: /^t10k-labels: label 10 at index 7 is not a class 0\.\.9: the notebook's models have 10 outputs/ },
    { what: 'images too small', files: () => datasetFiles({ rows: 3, cols: 28 }), message: /^train-images-idx3-ubyte: images of 3x28 pixels are not supported/ },
    { what: 'images too large', files: () => datasetFiles({ rows: MAX_IMAGE_SIDE + 1, cols: 8, nTrain: 2, nTest: 2 }), message: /257x8 pixels are not supported/ },
    { what: 'splits of different image sizes', files: () => [...datasetFiles({ rows: 32, cols: 32 }).slice(0, 2), ...good.slice(2)], message: /^t10k-images-idx3-ubyte has 28x28 images but train-images-idx3-ubyte has 32x32/ },
    { what: 'a labels file named as images', files: () => replace(good, 0, { name: 'train-images-idx3-ubyte', bytes: good[1].bytes }), message: /^train-images-idx3-ubyte: its name says images but it is an IDX labels file \(magic 2049\)/ },
    { what: 'trailing bytes', files: () => replace(good, 3, { name: 't10k-labels', bytes: Uint8Array.from([...good[3].bytes, 1, 2]) }), message: /^t10k-labels: 2 unexpected bytes after/ },
  ];
  it.each(cases)('$what', async ({ files, message }) => {
    expect(await failure(files())).toMatch(message);
  });
});

describe('gzip handling', () => {
  it('detects gzip by magic, whatever the name', async () => {
    const raw = idxFile([3], Uint8Array.from([1, 2, 3]));
    const r = await tryReadIdxBytes({ name: 'labels.bin', bytes: gzipSync(raw) });
    expect(r.ok && Array.from(r.value)).toEqual(Array.from(raw));
    const plain = await tryReadIdxBytes({ name: 'labels.gz', bytes: raw });
    expect(plain.ok && plain.value).toBe(raw);
  });

  it('stops a gzip bomb at the limit without decompressing it all', async () => {
    const bomb = gzipSync(new Uint8Array(8 * 1024 * 1024));
    const r = await tryGunzip(bomb, 'bomb.gz', 1024 * 1024);
    expect(r.ok ? '' : r.error).toMatch(/^bomb\.gz: decompresses to more than the 1048576-byte limit/);
  });

  it('stops as soon as the output passes what the IDX header declares', async () => {
    const lying = gzipSync(Uint8Array.from([...idxFile([100]), ...new Uint8Array(4 * 1024 * 1024)]));
    const r = await tryReadIdxBytes({ name: 'train-labels.gz', bytes: lying });
    expect(r.ok ? '' : r.error).toMatch(/^train-labels\.gz: decompresses to more than the 108 bytes its header declares/);
  });
});

describe('splitFromName', () => {
  it.each([
    ['train-images-idx3-ubyte.gz', 'train'],
    ['t10k-labels-idx1-ubyte', 'test'],
    ['emnist-digits-test-images-idx3-ubyte', 'test'],
    ['TRAIN.idx', 'train'],
    ['data/images', null],
    ['train-test.idx', 'both'],
  ])('%s -> %s', (name, split) => {
    expect(splitFromName(name)).toBe(split);
  });
});

describe('tryParseClassNames', () => {
  it.each([
    ['', null],
    ['   \n ', null],
    ['a,b,c,d,e,f,g,h,i,j', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']],
    ['T-shirt/top\nTrouser\nPullover\nDress\nCoat\nSandal\nShirt\nSneaker\nBag\nAnkle boot\n', ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']],
    [' zero , one,two,three,four,five,six,seven,eight,nine ', ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']],
  ])('%j -> %j', (text, want) => {
    const r = tryParseClassNames(text);
    expect(r.ok ? r.value : r.error).toEqual(want);
  });

  it.each([
    ['a,b,c', /expected 10 names .* found 3/],
    ['a,b,,d,e,f,g,h,i,j', /the name of label 2 is empty/],
    [`${'x'.repeat(41)},b,c,d,e,f,g,h,i,j`, /label 0 is longer than 40/],
  ])('refuses %j', (text, message) => {
    const r = tryParseClassNames(text);
    expect(r.ok ? '' : r.error).toMatch(message);
  });

  it('has Fashion-MNIST\'s ten names for the preset', () => {
    expect(FASHION_MNIST_CLASS_NAMES).toHaveLength(10);
    expect(tryParseClassNames(FASHION_MNIST_CLASS_NAMES.join(', '))).toEqual({ ok: true, value: [...FASHION_MNIST_CLASS_NAMES] });
  });
});
