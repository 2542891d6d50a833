"""pandas side of `paramrun-bench data`: read a HEPMASS-format CSV (or .csv.gz) as float32.

Prints one JSON line: best-of-N seconds, rows and columns. The C engine on one core, as
pandas.read_csv runs by default.
"""
import json
import sys
import time

import numpy as np
import pandas as pd


def main() -> None:
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    best = float("inf")
    shape = None
    for _ in range(repeats):
        start = time.perf_counter()
        frame = pd.read_csv(path, engine="c", dtype=np.float32)
        best = min(best, time.perf_counter() - start)
        shape = frame.shape
        del frame
    print(json.dumps({"seconds": best, "rows": shape[0], "columns": shape[1], "pandas": pd.__version__}))


if __name__ == "__main__":
    main()
