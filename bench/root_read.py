"""Read-speed benchmark: paramrun (`paramrun-bench root`, ROOTIO) vs uproot `arrays(library="np")` on a flat ~1M-event tree of
5 float and 5 double branches, best of 3 each. Usage: python bench/root_read.py PARAMRUN_BENCH [EVENTS] [COMPRESSION]
COMPRESSION is zlib (default, uproot's ZLIB(1)), lz4, zstd, lzma or none."""
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import uproot

COMP = {"zlib": uproot.ZLIB(1), "lz4": uproot.LZ4(1), "zstd": uproot.ZSTD(1), "lzma": uproot.LZMA(1), "none": None}


def main():
    bench = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    comp = sys.argv[3] if len(sys.argv) > 3 else "zlib"
    rng = np.random.default_rng(16)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "bench.root")
        with uproot.recreate(path, compression=COMP[comp]) as f:
            cols = {f"f{i}": np.float32 for i in range(5)} | {f"d{i}": np.float64 for i in range(5)}
            f.mktree("events", cols)
            step = 100_000
            for start in range(0, n, step):
                m = min(step, n - start)
                # Physics-like values (rounded momenta) so the compressors have something to work with.
                f["events"].extend({k: np.round(rng.normal(50, 20, m), 2).astype(t) for k, t in cols.items()})
        size = os.path.getsize(path)
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            arrays = uproot.open(path)["events"].arrays(library="np")
            best = min(best, time.perf_counter() - t0)
        assert len(arrays) == 10
        out = subprocess.run([bench, "root", path, "events"], check=True, capture_output=True, text=True).stdout.split()
        swift = float(out[0])
        print(f"{n} events x 10 branches, {comp}, {size / 1e6:.1f} MB: uproot {best:.3f} s, paramrun {swift:.3f} s, "
              f"uproot/paramrun = {best / swift:.2f}")


if __name__ == "__main__":
    main()
