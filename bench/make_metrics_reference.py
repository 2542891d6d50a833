#!/usr/bin/env python3
"""Writes Tests/Fixtures/metrics/*.json: ROC curves and AUCs that scikit-learn computed once.

Run from the repository root with scikit-learn pinned (see scripts/bench-metrics.sh, which makes
.bench-metrics-venv/):

    .bench-metrics-venv/bin/python bench/make_metrics_reference.py

DeLong variances come from the naive O(n*m) pairwise comparison matrix below, written
independently of paramrun's rank-based version so that the two can check each other.
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score, roc_curve

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "metrics"
BACKGROUND_EFFICIENCIES = [1e-1, 1e-2, 1e-3]


def delong_variance(scores, labels):
    """Var(AUC) from DeLong's structural components, by comparing every signal/background pair."""
    sig = scores[labels == 1].astype(np.float64)
    bkg = scores[labels == 0].astype(np.float64)
    psi = (sig[:, None] > bkg[None, :]) + 0.5 * (sig[:, None] == bkg[None, :])
    v10 = psi.mean(axis=1)  # per signal event: fraction of background it beats
    v01 = psi.mean(axis=0)  # per background event: fraction of signal that beats it
    auc = psi.mean()
    var = v10.var(ddof=1) / len(sig) + v01.var(ddof=1) / len(bkg)
    return float(auc), float(var)


def signal_efficiency(fpr, tpr, target):
    """Highest tpr at fpr == target, else linear interpolation between the ROC points around it."""
    exact = tpr[fpr == target]
    if exact.size:
        return float(exact.max())
    k = int(np.argmax(fpr > target))
    return float(tpr[k - 1] + (tpr[k] - tpr[k - 1]) * (target - fpr[k - 1]) / (fpr[k] - fpr[k - 1]))


def case(name, scores, labels, weights=None, note=""):
    scores = np.asarray(scores, dtype=np.float32)
    labels = np.asarray(labels, dtype=np.int64)
    if weights is not None:
        weights = np.asarray(weights, dtype=np.float32)
    fpr, tpr, thr = roc_curve(labels, scores, sample_weight=weights, drop_intermediate=False)
    assert np.isinf(thr[0]) and thr[0] > 0, "scikit-learn >= 1.3 starts the ROC at +inf"
    record = {
        "name": name,
        "note": note,
        "scores": [float(s) for s in scores],
        "labels": [int(l) for l in labels],
        "weights": None if weights is None else [float(w) for w in weights],
        "roc_auc_score": float(roc_auc_score(labels, scores, sample_weight=weights)),
        "fpr": [float(x) for x in fpr],
        "tpr": [float(x) for x in tpr],
        # JSON has no infinity: the leading +inf threshold is implied.
        "thresholds_after_inf": [float(x) for x in thr[1:]],
        "signal_efficiency": {repr(t): signal_efficiency(fpr, tpr, t) for t in BACKGROUND_EFFICIENCIES},
    }
    if weights is None:
        auc, var = delong_variance(scores, labels)
        assert abs(auc - record["roc_auc_score"]) < 1e-12, (name, auc, record["roc_auc_score"])
        record["delong_variance"] = var
    (OUT / f"{name}.json").write_text(json.dumps(record, indent=None, separators=(",", ":")) + "\n")
    print(f"{name}: n={len(scores)} signal={int(labels.sum())} points={len(fpr)} auc={record['roc_auc_score']:.6f}")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20260611)
    meta = {"generator": "bench/make_metrics_reference.py", "scikit-learn": sklearn.__version__,
            "numpy": np.__version__, "seed": 20260611}
    (OUT / "README.json").write_text(json.dumps(meta, indent=2) + "\n")

    # A few thousand continuous scores: almost every threshold distinct.
    n_sig, n_bkg = 1300, 1900
    labels = np.r_[np.ones(n_sig), np.zeros(n_bkg)]
    scores = np.r_[rng.beta(3, 2, n_sig), rng.beta(2, 3, n_bkg)]
    perm = rng.permutation(len(labels))
    case("random", scores[perm], labels[perm], note="3200 beta-distributed scores, unbalanced")

    # Heavy ties: scores rounded to two and to one decimal.
    n = 2000
    labels = rng.integers(0, 2, n)
    raw = np.where(labels == 1, rng.normal(0.6, 0.2, n), rng.normal(0.4, 0.2, n))
    case("ties-2dp", np.round(raw, 2), labels, note="normal scores rounded to 2 decimals")
    labels = rng.integers(0, 2, 600)
    raw = np.where(labels == 1, rng.uniform(0.2, 1.0, 600), rng.uniform(0.0, 0.8, 600))
    case("ties-1dp", np.round(raw, 1), labels, note="uniform scores rounded to 1 decimal")

    # Every score equal: one threshold, AUC exactly 1/2.
    labels = rng.integers(0, 2, 50)
    labels[:2] = [0, 1]
    case("all-equal", np.full(50, 0.5), labels, note="all 50 scores 0.5")

    # Perfect separation, and the same scores with the classes swapped.
    sig = rng.uniform(0.6, 1.0, 40)
    bkg = rng.uniform(0.0, 0.4, 60)
    labels = np.r_[np.ones(40), np.zeros(60)]
    perm = rng.permutation(100)
    case("separated", np.r_[sig, bkg][perm], labels[perm], note="every signal above every background")
    case("inverted", np.r_[sig, bkg][perm], 1 - labels[perm], note="every signal below every background")

    # Negative scores and signed zeros (logits): -0.0 and 0.0 must tie.
    scores = np.array([-1.5, -0.0, 0.0, 0.0, -0.0, 2.0, -1.5, 3.25, -7.0, 0.0], dtype=np.float32)
    labels = np.array([0, 1, 0, 1, 0, 1, 1, 1, 0, 0])
    case("logits-signed-zero", scores, labels, note="negative scores and -0.0/0.0 ties")

    # Sample weights on tied scores (no DeLong: it is defined for unweighted samples).
    n = 1000
    labels = rng.integers(0, 2, n)
    raw = np.where(labels == 1, rng.normal(0.55, 0.2, n), rng.normal(0.45, 0.2, n))
    weights = rng.uniform(0.1, 2.0, n)
    case("weighted-ties", np.round(raw, 2), labels, weights=weights, note="2-decimal scores, weights in [0.1, 2)")


if __name__ == "__main__":
    main()
