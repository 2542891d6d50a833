"""Writes the uproot-generated fixtures (run once; outputs are committed).

gen-<compression>.root: tree `signal/mx700` (a subdirectory) and `background`, one branch per basic
type, filled by several `extend` calls so every branch has several baskets. Values are seeded.
Usage: python make_generated.py OUTDIR [N_PER_EXTEND] [N_EXTENDS]
"""
import sys

import numpy as np
import uproot

COMPRESSIONS = {
    "none": None,
    "zlib": uproot.ZLIB(4),
    "lz4": uproot.LZ4(4),
    "zstd": uproot.ZSTD(5),
    "lzma": uproot.LZMA(4),
}


def chunk(rng, n):
    return {
        "b": rng.integers(0, 2, n).astype(np.bool_),
        "i1": rng.integers(-128, 128, n).astype(np.int8),
        "u1": rng.integers(0, 256, n).astype(np.uint8),
        "i2": rng.integers(-32768, 32768, n).astype(np.int16),
        "u2": rng.integers(0, 65536, n).astype(np.uint16),
        "i4": rng.integers(-(2**31), 2**31, n).astype(np.int32),
        "u4": rng.integers(0, 2**32, n, dtype=np.uint64).astype(np.uint32),
        "i8": rng.integers(-(2**63), 2**63 - 1, n, dtype=np.int64),
        "u8": rng.integers(0, 2**64 - 1, n, dtype=np.uint64),
        "f4": rng.normal(0, 100, n).astype(np.float32),
        "f8": rng.normal(0, 1e6, n),
    }


def write(path, compression, n, extends, seed=16):
    rng = np.random.default_rng(seed)
    with uproot.recreate(path, compression=compression) as f:
        first = chunk(rng, n)
        f.mktree("signal/mx700", {k: v.dtype for k, v in first.items()})
        f.mktree("background", {"f4": np.float32, "i4": np.int32})
        f["signal/mx700"].extend(first)
        f["background"].extend({"f4": first["f4"], "i4": first["i4"]})
        for _ in range(extends - 1):
            c = chunk(rng, n)
            f["signal/mx700"].extend(c)
            f["background"].extend({"f4": c["f4"], "i4": c["i4"]})


if __name__ == "__main__":
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    extends = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    for name, comp in COMPRESSIONS.items():
        write(f"{out}/gen-{name}.root", comp, n, extends)
