#!/usr/bin/env bash
# AUC of 10^7 float32 scores (half signal): paramrun against scikit-learn's roc_auc_score on the same scores.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.bench-metrics-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sklearn' 2>/dev/null; then
  python3 -m venv --system-site-packages "$venv"
  "$venv/bin/pip" install -q scikit-learn==1.9.1
fi
swift build -c release --product paramrun-bench
out=outputs/bench-metrics
.build/release/paramrun-bench metrics --n "${METRICS_N:-10000000}" --repeat 7 --out "$out"
"$venv/bin/python" bench/metrics_sklearn.py "$out" 3
