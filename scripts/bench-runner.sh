#!/usr/bin/env bash
# fig7's four trainings (specs/fig7.yaml: 5×500 relu networks, 3 epochs, 2.1M examples in all)
# timed three ways in one run, each the best of RUNNER_BENCH_REPEATS (2) runs:
#   - paramrun with elastic threads: specs/fig7.yaml as it is, the whole DAG from an empty store;
#     a core freed by a stage is lent to a running training, which shares its minibatches' rows
#     among its threads with one thread's bits (ExactRowSplit);
#   - paramrun as before elastic threads: the same spec with --fixed-threads (each stage keeps the
#     one thread it started with);
#   - PyTorch with 2 threads training the same four networks one after another on the same
#     events (the fixed run's scale stages), training time only.
# Both paramrun runs must give byte-identical models and AUC tables; the script fails otherwise.
# The no-idle floor is the stages' single-thread work (their times in the fixed runs, the least
# of the runs per stage) divided by the cores: what the DAG would take with no core ever idle.
# RUNNER_BENCH_SHARDS=N times the elastic run with `shards: N` instead (the older split, which
# changes the result and costs speed at one thread).
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${RUNNER_BENCH_REPEATS:-2}
SHARDS=${RUNNER_BENCH_SHARDS:-1}
VENV=.bench-venv
scripts/torch-venv.sh "$VENV"
bin=.build/release/paramrun
[ -x "$bin" ] || swift build -c release --product paramrun
work=$(mktemp -d /tmp/paramrun-runner-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cores=$(nproc)
elastic_spec=specs/fig7.yaml
if [ "$SHARDS" != 1 ]; then
  elastic_spec="$work/fig7-sharded.yaml"
  sed "s/^  epochs: 3\$/&\\n  shards: $SHARDS/" specs/fig7.yaml > "$elastic_spec"
  grep -q "^  shards: $SHARDS\$" "$elastic_spec" || { echo "could not make fig7's sharded copy" >&2; exit 1; }
fi

run() { # NAME SPEC ARGS... : runs SPEC from an empty store into $work/NAME, prints its wall seconds
  local start end
  rm -rf "${work:?}/$1"
  start=$(date +%s.%N)
  "$bin" run "$2" --outputs "$work/$1" "${@:3}" > "$work/$1.log" 2>&1 || { cat "$work/$1.log" >&2; exit 1; }
  end=$(date +%s.%N)
  cp "$work/$1/fig7/events.jsonl" "$work/$1.events.jsonl"
  python3 -c "print(f'{$end - $start:.2f}')"
}

"$bin" --version 2>/dev/null | head -1 || true
echo "fig7: 4 trainings + load/scale/evaluate/export/report, $cores cores, best of $REPEATS runs each"
elastic=() fixed=() torch=()
for i in $(seq "$REPEATS"); do
  fixed+=("$(run "fixed-$i" specs/fig7.yaml --fixed-threads)")
  elastic+=("$(run "elastic-$i" "$elastic_spec")")
  if [ "$SHARDS" = 1 ]; then
    # Threads never change a result: the lent cores must leave every model and AUC byte-identical.
    for f in "$work/fixed-1/fig7/auc_vs_mass.csv" "$work"/fixed-1/fig7/models/*.prmodel; do
      cmp -s "$f" "$work/elastic-$i/fig7/${f#"$work/fixed-1/fig7/"}" || { echo "elastic run $i differs from the fixed run in ${f#"$work/fixed-1/"}" >&2; exit 1; }
    done
  fi
  torch+=("$("$VENV/bin/python" bench/fig7_torch.py "$work/fixed-1/.store" 2 | tee "$work/torch-$i.log" | sed -n 's/^RESULT torch_fig7 threads=2 //p')")
  [ "$i" -gt 1 ] && rm -rf "${work:?}/fixed-$i"
  rm -rf "${work:?}/elastic-$i"
done

python3 - "$work" "$cores" "${elastic[*]}" "${fixed[*]}" "${torch[*]}" "$SHARDS" <<'PY'
import glob, json, sys
work, cores = sys.argv[1], int(sys.argv[2])
elastic, fixed, torch = ([float(x) for x in a.split()] for a in sys.argv[3:6])
def events(path):
    return [json.loads(line) for line in open(path)]
# Each stage's single-thread work: its time in the fixed runs (the least, the one least disturbed).
work_by_stage = {}
for path in glob.glob(f"{work}/fixed-*.events.jsonl"):
    for e in events(path):
        if e["event"] == "stage-done":
            work_by_stage[e["stage"]] = min(work_by_stage.get(e["stage"], float("inf")), e["elapsed"])
total = sum(work_by_stage.values())
floor = total / cores
grants = sum(e["event"] == "threads-changed" for e in events(f"{work}/elastic-1.events.jsonl"))
train = sum(v for k, v in work_by_stage.items() if k.startswith("train/"))
best = lambda xs: min(xs)
runs = lambda xs: " ".join(f"{x:.1f}" for x in xs)
split = "rows shared, one thread's bits" if sys.argv[6] == "1" else f"{sys.argv[6]} shards"
print(f"  paramrun, elastic threads ({split}): {best(elastic):6.1f} s   (runs: {runs(elastic)}; {grants} grants in run 1)")
print(f"  paramrun as before (unsplit, 1 thread a stage): {best(fixed):6.1f} s   (runs: {runs(fixed)})")
print(f"  PyTorch, 2 threads, training only: {best(torch):6.1f} s   (runs: {runs(torch)})")
print(f"  stage work at one thread: {total:.1f} s ({train:.1f} s of it training) / {cores} cores = no-idle floor {floor:.1f} s")
print(f"  elastic vs floor:   {best(elastic) / floor:.3f}x the floor (goal ≤ 1.05)")
print(f"  as before / elastic: {best(fixed) / best(elastic):.2f}x (above 1: elastic is faster)")
print(f"  PyTorch / elastic:  {best(torch) / best(elastic):.2f}x (goal ≥ 1.55); PyTorch / fixed: {best(torch) / best(fixed):.2f}x")
PY
