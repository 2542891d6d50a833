"""Writes the uproot-made RNTuple fixtures (uproot 5.7.7, awkward 2.14, numpy; seeded): `gen-<compression>.root`,
RNTuple `events`, 300 entries in 3 clusters (one `mkrntuple` and two `extend` calls), with scalars of several
types, a bool, a NanoAOD-style collection of records `Jet` (pt, eta, btag) and a vector `w`.
Run: python make_rntuples.py (in this directory); `python make_rntuples.py DIR SCALE` writes them into DIR with
every cluster SCALE times larger (the interop suite's larger files, several pages per column)."""
import os
import sys

import awkward as ak
import numpy as np
import uproot

COMPRESSIONS = {
    "none": None,
    "zlib": uproot.ZLIB(4),
    "lz4": uproot.LZ4(4),
    "zstd": uproot.ZSTD(5),
    "lzma": uproot.LZMA(4),
}


def chunk(rng, n, start):
    counts = rng.integers(0, 6, n)
    total = int(counts.sum())
    jets = ak.zip(
        {
            "pt": ak.unflatten(rng.exponential(30, total).astype(np.float32), counts),
            "eta": ak.unflatten(rng.normal(0, 2, total), counts),
            "btag": ak.unflatten(rng.integers(-3, 3, total).astype(np.int16), counts),
        }
    )
    return ak.Array(
        {
            "event": np.arange(start, start + n, dtype=np.uint64),
            "nJet": counts.astype(np.int32),
            "MET": rng.normal(50, 10, n).astype(np.float32),
            "weight": rng.normal(1, 0.1, n),
            "run": rng.integers(-100, 100, n).astype(np.int64),
            "lumi": rng.integers(0, 60000, n).astype(np.uint16),
            "small": rng.integers(-128, 127, n).astype(np.int8),
            "pass": rng.random(n) > 0.5,
            "Jet": jets,
            "w": ak.unflatten(rng.random(int(counts.sum())), counts),
        }
    )


out = sys.argv[1] if len(sys.argv) > 1 else "."
scale = int(sys.argv[2]) if len(sys.argv) > 2 else 1
os.makedirs(out, exist_ok=True)
for name, compression in COMPRESSIONS.items():
    rng = np.random.default_rng(24)
    with uproot.recreate(os.path.join(out, f"gen-{name}.root"), compression=compression) as f:
        nt = f.mkrntuple("events", chunk(rng, 100 * scale, 0))
        nt.extend(chunk(rng, 120 * scale, 100 * scale))
        nt.extend(chunk(rng, 80 * scale, 220 * scale))
