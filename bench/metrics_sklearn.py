#!/usr/bin/env python3
"""scikit-learn's roc_auc_score on the scores paramrun-bench wrote, beside paramrun's own timings.

    python bench/metrics_sklearn.py outputs/bench-metrics [repeats]
"""
import json
import pathlib
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score


def main():
    out = pathlib.Path(sys.argv[1])
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    scores = np.load(out / "scores.npy")
    labels = np.load(out / "labels.npy")
    ours = json.loads((out / "paramrun.json").read_text())
    assert scores.dtype == np.float32 and len(scores) == ours["n"]

    times, auc = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        auc = roc_auc_score(labels, scores)
        times.append(time.perf_counter() - start)
    sklearn_s = statistics.median(times)
    start = time.perf_counter()
    np.sort(scores)
    sort_s = time.perf_counter() - start

    n = len(scores)
    print(f"scikit-learn {sklearn.__version__} roc_auc_score, {n} float32 scores: {sklearn_s:.3f} s "
          f"(median of {repeats}); numpy sort alone {sort_s:.3f} s")
    print(f"AUC: paramrun {ours['auc']:.12f}  scikit-learn {auc:.12f}  |diff| {abs(ours['auc'] - auc):.1e}")
    print(f"speed-up, AUC only:         {sklearn_s / ours['auc_seconds_median']:.1f}x "
          f"({ours['auc_seconds_median']:.3f} s)")
    print(f"speed-up, AUC + DeLong SE:  {sklearn_s / ours['auc_se_seconds_median']:.1f}x "
          f"({ours['auc_se_seconds_median']:.3f} s)")
    if abs(ours["auc"] - auc) > 1e-9:
        sys.exit("paramrun and scikit-learn disagree on the AUC")


if __name__ == "__main__":
    main()
