"""Writes paramrun's X -> tt generator output as ROOT ntuples, one tree per sample, through uproot.

paramrun reads ROOT but need not write it, so `make reproduce-root-demo` and the committed test fixture
Tests/Fixtures/root/xttbar/ make their ntuples with this script from `paramrun generate` CSV:
  OUTDIR/signal.root      trees signal/mx<MASS> (a subdirectory), one per mass
  OUTDIR/background.root  tree background
each with the CSV's feature branches (float32, f0...f26) and a weight branch `w` (float32). The generator
has no weights, so `w` is synthetic and seeded: 1 for signal, and for background drawn uniformly from
[0.5, 1.5], as a reweighting would give.
Usage: python scripts/xttbar-to-root.py EVENTS.csv OUTDIR
"""
import gzip
import os
import sys

import numpy as np
import uproot


def write(f, path, columns):
    # mktree makes a TTree; assigning a dict would make an RNTuple in uproot 5.7.
    f.mktree(path, {name: values.dtype for name, values in columns.items()})
    f[path].extend(columns)


def main():
    csv, outdir = sys.argv[1], sys.argv[2]
    with (gzip.open(csv, "rt") if csv.endswith(".gz") else open(csv)) as f:
        header = f.readline().lstrip("#").strip().split(",")
    data = np.loadtxt(csv, delimiter=",", comments="#", dtype=np.float64, ndmin=2)
    label, mass = data[:, 0], data[:, -1]
    features = header[1:-1]
    os.makedirs(outdir, exist_ok=True)
    rng = np.random.default_rng(16)

    def branches(rows, weights):
        out = {name: data[rows, 1 + i].astype(np.float32) for i, name in enumerate(features)}
        out["w"] = weights.astype(np.float32)
        return out

    with uproot.recreate(os.path.join(outdir, "signal.root"), compression=uproot.ZLIB(4)) as f:
        for m in sorted(set(mass[label == 1])):
            rows = np.flatnonzero((label == 1) & (mass == m))
            write(f, f"signal/mx{m:g}", branches(rows, np.ones(len(rows))))
    with uproot.recreate(os.path.join(outdir, "background.root"), compression=uproot.ZLIB(4)) as f:
        rows = np.flatnonzero(label == 0)
        write(f, "background", branches(rows, rng.uniform(0.5, 1.5, len(rows))))
    print(f"wrote {int(label.sum())} signal and {int((label == 0).sum())} background events to {outdir}")


if __name__ == "__main__":
    main()
