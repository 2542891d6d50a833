#!/usr/bin/env bash
# End-to-end test of `paramrun submit` and `paramrun status` against the real one-node Slurm that
# Tests/cluster/slurm-local.sh starts. Needs SLURM_CONF; `make test-cluster` sets everything up.
#   1. fig7-small on the cluster gives byte-identical results to a local run.
#   2. A stage that fails: its dependents end CANCELLED and are reported; after the input is
#      fixed, a resubmission sends only what did not finish.
#   3. `status` while jobs run; a second submission while they are live duplicates nothing;
#      `submit --wait` from a new shell follows them to the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=${PARAMRUN:-$ROOT/.build/debug/paramrun}
[[ -n ${SLURM_CONF:-} ]] || { echo "run-cluster-test: SLURM_CONF is not set; use make test-cluster" >&2; exit 2; }
[[ -x $BIN ]] || { echo "run-cluster-test: $BIN is not built" >&2; exit 2; }
WORK=$(mktemp -d /tmp/paramrun-cluster-test.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
FAILURES=0
T0=$SECONDS

step() { echo; echo "== $*"; }
fail() { echo "FAIL: $*" >&2; FAILURES=$((FAILURES + 1)); }
ok() { echo "ok: $*"; }
contains() { # TEXT PATTERN WHAT
    if grep -qE -- "$2" <<<"$1"; then ok "$3"; else fail "$3: no line matches /$2/ in:"; echo "$1" | sed 's/^/    /' >&2; fi
}
# `paramrun` with a time limit; prints its output and stores its status in RC.
run() { set +e; OUT=$(timeout 300 "$BIN" "$@" 2>&1); RC=$?; set -e; echo "$OUT" | sed 's/^/  | /'; }
# Each stage's job reference in a jobs.json, one "stage job_task" line each.
jobs_of() { python3 -c 'import json,sys
for k, v in sorted(json.load(open(sys.argv[1]))["stages"].items()): print(k, v["job"], v.get("task"))' "$1"; }

step "1. fig7-small: cluster results identical to a local run"
SPEC=$ROOT/Tests/Fixtures/specs/cluster/fig7-small.yaml
run run "$SPEC" --outputs "$WORK/local" --quiet
[[ $RC == 0 ]] && ok "local run" || fail "local run exited $RC"
run submit "$SPEC" --outputs "$WORK/cluster" --wait --timeout 240
[[ $RC == 0 ]] && ok "submit --wait exited 0" || fail "submit --wait exited $RC"
contains "$OUT" "^submitted job [0-9]+ \(array of 4\): train/" "the four trainings went as one job array"
contains "$OUT" "^fig7-small: 15 done, 0 cached, 0 failed, 0 skipped" "summary: every stage done on the cluster"
for f in auc_vs_mass.csv $(cd "$WORK/local/fig7-small" && ls scores/*.npy roc/*.csv); do
    if cmp -s "$WORK/local/fig7-small/$f" "$WORK/cluster/fig7-small/$f"; then ok "identical $f"; else fail "$f differs from the local run"; fi
done
grep -q -- "--mem=500M" "$WORK/cluster/fig7-small/cluster/slurm/03-train.sh" && grep -q -- "--time=10" "$WORK/cluster/fig7-small/cluster/slurm/03-train.sh" \
    && ok "the spec's cluster: requests are in the job script" || fail "the spec's cluster: requests are missing from the job script"
for log in $(python3 -c 'import json,sys; print(" ".join(v["log"] for v in json.load(open(sys.argv[1]))["stages"].values()))' "$WORK/cluster/fig7-small/jobs.json"); do
    [[ -s $log ]] || fail "job log $log is missing or empty"
done
ok "every recorded job log exists"
run status "$SPEC" --outputs "$WORK/cluster"
contains "$OUT" "^fig7-small: 15 cached$" "status: all cached"
before=$(jobs_of "$WORK/cluster/fig7-small/jobs.json")
run submit "$SPEC" --outputs "$WORK/cluster"
contains "$OUT" "15 cached, 0 already queued or running, 0 to submit" "a second submit sends nothing"
[[ $before == "$(jobs_of "$WORK/cluster/fig7-small/jobs.json")" ]] && ok "jobs.json unchanged" || fail "jobs.json changed"

step "2. a failing stage: dependents cancelled and reported, then a resubmission"
mkdir -p "$WORK/fail"
cp "$ROOT/Tests/Fixtures/specs/cluster/fails-then-fixed.yaml" "$WORK/fail/spec.yaml"
"$BIN" generate --masses 1000 --signal-per-mass 300 --background 300 --seed 4 -o "$WORK/fail/data.csv" >/dev/null
sed -i '3s/^\([^,]*\),[^,]*,/\1,0.12x,/' "$WORK/fail/data.csv"   # a broken number in the first event
run submit "$WORK/fail/spec.yaml" --outputs "$WORK/fail/out" --wait --timeout 120
[[ $RC == 1 ]] && ok "submit --wait exited 1" || fail "submit --wait exited $RC, not 1"
contains "$OUT" "^  failed  load/from-file: .*not a number" "the failed stage and its error"
contains "$OUT" "job [0-9]+_[0-9]+ FAILED exit 1:0, log: .*/logs/cluster/load/from-file.log" "the failed job and its log"
contains "$OUT" "^  skipped train/from-file: needs load/from-file" "a dependent is reported as skipped"
run status "$WORK/fail/spec.yaml" --outputs "$WORK/fail/out"
contains "$OUT" "^failed +load/from-file +job [0-9_]+ FAILED exit 1:0" "status: failed, with its exit code"
contains "$OUT" "^    \| .*not a number" "status: the failed log's last lines"
contains "$OUT" "^cancelled +report/fails-then-fixed +job [0-9]+ CANCELLED \(DependencyNeverSatisfied\)" "status: dependents cancelled by Slurm"
contains "$OUT" "^cached +load/train" "status: the stages that finished are cached"
loads_before=$(jobs_of "$WORK/fail/out/fails-then-fixed/jobs.json" | grep -E '^load/(train|test)')
"$BIN" generate --masses 1000 --signal-per-mass 300 --background 300 --seed 4 -o "$WORK/fail/data.csv" >/dev/null   # repaired
run submit "$WORK/fail/spec.yaml" --outputs "$WORK/fail/out" --wait --timeout 120
[[ $RC == 0 ]] && ok "resubmission exited 0" || fail "resubmission exited $RC"
contains "$OUT" "^fails-then-fixed: 2 cached, 0 already queued or running, 8 to submit" "only what did not finish is resubmitted"
contains "$OUT" "^fails-then-fixed: 8 done, 2 cached, 0 failed, 0 skipped" "the resubmission's summary"
[[ $loads_before == "$(jobs_of "$WORK/fail/out/fails-then-fixed/jobs.json" | grep -E '^load/(train|test)')" ]] \
    && ok "finished stages kept their old jobs" || fail "finished stages were resubmitted"

step "3. status while jobs run; no duplicate of a live job"
SPEC=$ROOT/Tests/Fixtures/specs/cluster/sweep-slow.yaml
run submit "$SPEC" --outputs "$WORK/slow"
[[ $RC == 0 ]] && ok "submit without --wait returned" || fail "submit exited $RC"
seen=""
for _ in $(seq 1 200); do
    st=$(timeout 30 "$BIN" status "$SPEC" --outputs "$WORK/slow" 2>&1 || true)
    if grep -qE "^running +train/" <<<"$st"; then seen=$st; break; fi
    sleep 0.2
done
echo "$seen" | sed 's/^/  | /'
contains "$seen" "^running +train/width-[0-9_]+ +job [0-9]+_[0-9]" "status: a training running, with its array task"
contains "$seen" "^pending +report/sweep-slow +job [0-9]+$" "status: the report pending behind it"
before=$(jobs_of "$WORK/slow/sweep-slow/jobs.json")
queued=$(squeue -h -r -t all -n paramrun-sweep-slow-train,paramrun-sweep-slow-evaluate,paramrun-sweep-slow-report-sweep-slow -o %i | sort)
run submit "$SPEC" --outputs "$WORK/slow"
contains "$OUT" "already queued or running, 0 to submit" "a submission while jobs are live sends nothing"
[[ $before == "$(jobs_of "$WORK/slow/sweep-slow/jobs.json")" ]] && ok "jobs.json unchanged" || fail "jobs.json changed while jobs were live"
[[ $queued == "$(squeue -h -r -t all -n paramrun-sweep-slow-train,paramrun-sweep-slow-evaluate,paramrun-sweep-slow-report-sweep-slow -o %i | sort)" ]] \
    && ok "no new Slurm jobs" || fail "new Slurm jobs appeared"
run submit "$SPEC" --outputs "$WORK/slow" --backend htcondor
[[ $RC == 1 ]] && ok "another backend is refused while Slurm jobs are live" || fail "submit --backend htcondor exited $RC, not 1"
contains "$OUT" "slurm jobs of this spec are still queued or running" "the refusal says why"
# A new shell follows the jobs the first one submitted and left.
run submit "$SPEC" --outputs "$WORK/slow" --wait --timeout 180
[[ $RC == 0 ]] && ok "submit --wait from a new shell exited 0" || fail "submit --wait exited $RC"
contains "$OUT" "^sweep-slow: [0-9]+ done, [0-9]+ cached, 0 failed, 0 skipped" "summary after following live jobs"
[[ -s $WORK/slow/sweep-slow/auc_vs_mass.csv ]] && ok "results published" || fail "auc_vs_mass.csv missing"

echo
echo "cluster test: $FAILURES failure(s) in $((SECONDS - T0)) s"
(( FAILURES == 0 ))
