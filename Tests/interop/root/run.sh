#!/usr/bin/env bash
# ROOT interop: uproot writes fresh files (each compression, several baskets, a subdirectory, each basic type);
# `paramrun convert` writes every flat branch of those and of the ROOT-written fixtures as CSV, which must equal
# uproot bit for bit, and must skip (and, when asked, refuse) every jagged, fixed-array, string and struct
# branch with a message naming it. Then the jagged part: uproot writes NanoAOD-like counted trees (each
# compression, several baskets), and every jagged branch of those and of the fixtures, dumped by
# `paramrun inspect --tree T --dump B`, must equal uproot + awkward value for value (compare_jagged.py). Last,
# `paramrun convert --select/--column` with expressions covering docs/EXPRESSIONS.md, against the same
# expressions in awkward on those counted trees and NanoAOD (compare_expressions.py). And RNTuples: uproot writes
# them (each compression, three clusters, one page per column each), and every field of those and of the ROOT-written
# fixtures, dumped the same way, must equal uproot value for value (compare_rntuple.py).
# Then the files paramrun writes (`generate --output X.root`, flat and --layout nanoaod): uproot reads them
# equal to the same events' CSV (compare_written.py), and paramrun reads them back equal to uproot.
# Needs PYTHON (a venv with requirements.txt) and PARAMRUN_ROOT (the repo root).
set -euo pipefail
: "${PYTHON:?set PYTHON to a virtualenv python with Tests/interop/root/requirements.txt}"
: "${PARAMRUN_ROOT:?set PARAMRUN_ROOT to the repository root}"
cd "$PARAMRUN_ROOT"
swift build -c release --product paramrun >/dev/null
paramrun="$(swift build -c release --show-bin-path)/paramrun"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$PYTHON" Tests/Fixtures/root/make_generated.py "$work" 700 5
"$PYTHON" Tests/Fixtures/root/jagged/make_jagged.py "$work/jagged" 3000 6 2024
"$PYTHON" Tests/Fixtures/root/rntuple/make_rntuples.py "$work/rntuple" 40
status=0
"$PYTHON" Tests/interop/root/compare.py "$paramrun" "$work"/*.root Tests/Fixtures/root/uproot-*.root \
    | tee "$work/flat.log" || status=1
"$PYTHON" Tests/interop/root/compare_jagged.py "$paramrun" "$work"/jagged/*.root Tests/Fixtures/root/jagged/*.root \
    Tests/Fixtures/root/uproot-*.root | tee "$work/jagged.log" || status=1
"$PYTHON" Tests/interop/root/compare_expressions.py "$paramrun" "$work"/jagged/*.root Tests/Fixtures/root/jagged/*.root \
    | tee "$work/expressions.log" || status=1
"$PYTHON" Tests/interop/root/compare_rntuple.py "$paramrun" "$work"/rntuple/*.root Tests/Fixtures/root/rntuple/*.root \
    | tee "$work/rntuple.log" || status=1
"$PYTHON" Tests/interop/root/compare_written.py "$paramrun" "$work/written" | tee "$work/written.log" || status=1
"$PYTHON" Tests/interop/root/compare.py "$paramrun" "$work"/written/flat.root Tests/Fixtures/root/written/types.root \
    | tee "$work/written-flat.log" || status=1
"$PYTHON" Tests/interop/root/compare_jagged.py "$paramrun" "$work"/written/*.root Tests/Fixtures/root/written/types.root \
    | tee "$work/written-jagged.log" || status=1
# One total for the suite, as every run.sh ends.
tail -n 1 -q "$work/flat.log" "$work/jagged.log" "$work/expressions.log" "$work/rntuple.log" "$work/written.log" \
    "$work/written-flat.log" "$work/written-jagged.log" \
    | awk '{ p += $1; f += $3 } END { printf "%d passed, %d failed\n", p, f }'
exit $status
