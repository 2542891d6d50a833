"""Writes uproot-made jagged TTrees for the jagged reader's tests and interop: tree `events` with a counter
`nJet` (int32), counted arrays of several types (`Jet_pt[nJet]` float, `Jet_eta` double, `Jet_id` int32,
`Jet_tag` bool, `Jet_n` uint8, `Jet_big` int64), a fixed-size `p3` (float[3]) and a flat `met`, written in
`baskets` baskets, one file per compression. Usage: make_jagged.py OUTDIR [ENTRIES] [BASKETS] [SEED]"""
import os
import sys

import awkward as ak
import numpy as np
import uproot

COMPRESSIONS = {
    "none": None,
    "zlib": uproot.ZLIB(4),
    "lz4": uproot.LZ4(4),
    "zstd": uproot.ZSTD(4),
    "lzma": uproot.LZMA(4),
}


TYPES = {
    "met": "float32",
    "p3": "3 * float32",
    "Jet": "var * {pt: float32, eta: float64, id: int32, tag: bool, n: uint8, big: int64}",
}


def chunk(rng, n):
    counts = rng.integers(0, 7, size=n)
    total = int(counts.sum())

    def jag(values):
        return ak.unflatten(values, counts)

    return {
        "met": rng.exponential(30.0, n).astype(np.float32),
        "p3": rng.normal(0.0, 10.0, (n, 3)).astype(np.float32),
        "Jet": ak.zip(
            {
                "pt": jag(rng.exponential(40.0, total).astype(np.float32)),
                "eta": jag(rng.normal(0.0, 2.0, total)),
                "id": jag(rng.integers(-5, 100, total).astype(np.int32)),
                "tag": jag(rng.random(total) < 0.3),
                "n": jag(rng.integers(0, 255, total).astype(np.uint8)),
                "big": jag(rng.integers(-(2**40), 2**40, total).astype(np.int64)),
            }
        ),
    }


def main():
    out = sys.argv[1]
    entries = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    baskets = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 24
    os.makedirs(out, exist_ok=True)
    for name, compression in COMPRESSIONS.items():
        rng = np.random.default_rng(seed)
        path = os.path.join(out, f"jag-{name}.root")
        with uproot.recreate(path, compression=compression) as f:
            # mktree, not assignment: uproot 5.7 writes an assigned record array as an RNTuple.
            tree = f.mktree("events", TYPES)
            per = entries // baskets
            for b in range(baskets):
                n = per if b < baskets - 1 else entries - per * (baskets - 1)
                tree.extend(chunk(rng, n))


if __name__ == "__main__":
    main()
