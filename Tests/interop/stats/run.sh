#!/usr/bin/env bash
# Interop: paramrun's HistFactory workspaces validate against pyhf's schema, and pyhf's expected
# CLs limits on them agree with paramrun's within 2% (median and ±1σ/±2σ edges). Checked on
# stats-fixture's seeded workspaces and on a real paramrun run of a toy spec with a statistics
# block, with and without the background normalisation uncertainty.
# Needs PYTHON (a virtualenv with requirements.txt) and PARAMRUN_ROOT; STATS_FIXTURE and PARAMRUN
# may name prebuilt binaries, otherwise they are built here (release).
set -euo pipefail
: "${PYTHON:?PYTHON must name a python with requirements.txt installed}"
: "${PARAMRUN_ROOT:?PARAMRUN_ROOT must name the repository root}"
here="$(cd "$(dirname "$0")" && pwd)"
fixture="${STATS_FIXTURE:-}"
paramrun="${PARAMRUN:-}"
bin="$(cd "$PARAMRUN_ROOT" && swift build -c release --show-bin-path)"
if [ -z "$fixture" ]; then
  (cd "$PARAMRUN_ROOT" && swift build -c release --product stats-fixture >&2)
  fixture="$bin/stats-fixture"
fi
if [ -z "$paramrun" ]; then
  (cd "$PARAMRUN_ROOT" && swift build -c release --product paramrun >&2)
  paramrun="$bin/paramrun"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() {
  local line
  "$PYTHON" "$here/check.py" "$1" | tee "$work/check.log" || true
  line="$(grep -oE '^[0-9]+ passed, [0-9]+ failed' "$work/check.log" | tail -1 || true)"
  if [ -z "$line" ]; then failed=$((failed + 1)); return; fi
  passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
  failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
}

echo "-- stats-fixture workspaces (seed 13)"
"$fixture" "$work/workspaces" 13
check "$work/workspaces"

# The toy spec as written (10% background normalisation uncertainty), and without it.
spec="$PARAMRUN_ROOT/Tests/Fixtures/specs/run/toy-stats.yaml"
cp "$spec" "$work/toy-stats.yaml"
grep -v '^  background_uncertainty:' "$spec" | sed 's/^name: toy-stats$/name: toy-stats-nosys/' > "$work/toy-stats-nosys.yaml"
for name in toy-stats toy-stats-nosys; do
  echo "-- paramrun run $name"
  if "$paramrun" run "$work/$name.yaml" --outputs "$work/outputs" --quiet; then
    # Each variant must really carry (or lack) the normsys it is meant to test.
    with="$({ grep -l '"normsys"' "$work/outputs/$name"/workspaces/*[0-9].json || true; } | wc -l)"
    all="$(ls "$work/outputs/$name"/workspaces/*[0-9].json | wc -l)"
    if { [ "$name" = toy-stats ] && [ "$with" -eq "$all" ]; } || { [ "$name" != toy-stats ] && [ "$with" -eq 0 ]; }; then
      passed=$((passed + 1))
    else
      echo "FAIL $name: $with of $all workspaces have a normsys"
      failed=$((failed + 1))
    fi
    check "$work/outputs/$name"
  else
    echo "FAIL paramrun run $name"
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
