#!/usr/bin/env bash
# Training and inference throughput of the paper's deep network (28 → 5×500 relu → 1 logistic,
# SGD momentum 0.5, lr 0.1): paramrun against PyTorch on the CPU, same data bytes, same threads.
# Knobs: NN_BENCH_THREADS ("1 2"), NN_BENCH_SECONDS (3 per configuration), NN_BENCH_ROWS (20000),
# NN_BENCH_REPEATS (3), NN_BENCH_CONDITIONING ("concat affine": the network as above, and with every
# hidden layer scaled and shifted by linear maps of θ, the last column; its configs end in _affine). The two sides alternate, and each figure is the best of the repeats, so that
# a burst of other load on a shared machine does not decide a ratio.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.bench-venv
THREADS=${NN_BENCH_THREADS:-"1 2"}
SECONDS_PER=${NN_BENCH_SECONDS:-3}
ROWS=${NN_BENCH_ROWS:-20000}
REPEATS=${NN_BENCH_REPEATS:-3}
CONDITIONINGS=${NN_BENCH_CONDITIONING:-"concat affine"}

scripts/torch-venv.sh "$VENV"

BENCH=.build/release/paramrun-bench
[ -x "$BENCH" ] || swift build -c release --product paramrun-bench
DATA=$(mktemp /tmp/paramrun-nn-bench.XXXXXX)
RESULTS=$(mktemp /tmp/paramrun-nn-results.XXXXXX)
trap 'rm -f "$DATA" "$RESULTS"' EXIT

"$BENCH" nn summary
"$VENV/bin/python" -c "import torch; print('PyTorch', torch.__version__, '(CPU)')"
for _ in $(seq "$REPEATS"); do for c in $CONDITIONINGS; do for t in $THREADS; do
  "$BENCH" nn bench --threads "$t" --seconds "$SECONDS_PER" --rows "$ROWS" --data "$DATA" --conditioning "$c" \
    | sed -n 's/^RESULT /paramrun /p' >> "$RESULTS"
  "$VENV/bin/python" bench/nn_torch.py "$DATA" "$ROWS" "$t" "$SECONDS_PER" "$c" \
    | sed -n 's/^RESULT /torch /p' >> "$RESULTS"
done; done; done

echo "# every run:"; sed "s/^/#   /" "$RESULTS"
awk '
  { key = $2 " " $3
    if ($1 == "paramrun") { if ($4 > p[key]) p[key] = $4 }
    else { if (!(key in t)) order[++n] = key; if ($4 > t[key]) t[key] = $4 } }
  END {
    printf "%-14s %-10s %14s %14s %8s   (best of %s runs each)\n", "config", "threads", "paramrun ex/s", "torch ex/s", "ratio", reps
    for (i = 1; i <= n; i++) {
      k = order[i]; split(k, f, " ")
      printf "%-14s %-10s %14d %14d %7.2fx\n", f[1], f[2], p[k], t[k], p[k] / t[k]
    }
  }' reps="$REPEATS" "$RESULTS"

# What the trainer's fixed shards cost at one thread against the unsplit minibatch (shards=1);
# the last column is the rate relative to it.
echo "# training rate by shards per minibatch of 100, one thread:"
"$BENCH" nn shards --shards 1,2,4 --seconds "$SECONDS_PER" --rows "$ROWS" --repeats "$REPEATS" | sed -n 's/^RESULT /#   /p'
