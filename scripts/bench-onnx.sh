#!/usr/bin/env bash
# Inference on an exported ONNX network: paramrun (the .onnx read back into its own engine,
# OpenBLAS sgemm) against onnxruntime on the same file and the same 10^4 rows, one batch, one
# thread each. The network is the paper's deep one (28 → 5×500 relu → 1), exported as the export
# stage does. Knobs: ONNX_BENCH_ROWS (10000), ONNX_BENCH_REPEATS (20 timings per run, median),
# ONNX_BENCH_RUNS (3 alternating runs; the best median of each side is compared).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.bench-onnx-venv
ROWS=${ONNX_BENCH_ROWS:-10000}
REPEATS=${ONNX_BENCH_REPEATS:-20}
RUNS=${ONNX_BENCH_RUNS:-3}

if ! "$VENV/bin/python" -c "import onnxruntime, numpy" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q onnxruntime==1.20.1 numpy==2.2.1
fi

BENCH=.build/release/paramrun-bench
[ -x "$BENCH" ] || swift build -c release --product paramrun-bench
DIR=$(mktemp -d /tmp/paramrun-onnx-bench.XXXXXX)
RESULTS="$DIR/results"
trap 'rm -rf "$DIR"' EXIT

for _ in $(seq "$RUNS"); do
  "$BENCH" onnx --dir "$DIR" --rows "$ROWS" --repeats "$REPEATS" --threads 1 | tee -a "$DIR/log" | sed -n 's/^RESULT /paramrun /p' >> "$RESULTS"
  "$VENV/bin/python" bench/onnx_runtime.py "$DIR" "$ROWS" 1 "$REPEATS" | tee -a "$DIR/log" | sed -n 's/^RESULT /peer /p' >> "$RESULTS"
done
grep '^#' "$DIR/log" | sort -u
echo "# every run (median seconds for one batch of $ROWS):"; sed "s/^/#   /" "$RESULTS"
awk '
  $1 == "paramrun" { if (!p || $4 < p) p = $4 }
  $1 == "peer" { if (!o || $4 < o) o = $4 }
  END {
    printf "inference of one exported network, batch %d, 1 thread: paramrun %.2f ms (%.0f rows/s), onnxruntime %.2f ms (%.0f rows/s); paramrun/onnxruntime speed ratio %.2fx\n",
      rows, p * 1e3, rows / p, o * 1e3, rows / o, o / p
  }' rows="$ROWS" "$RESULTS"
