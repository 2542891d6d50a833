#!/usr/bin/env bash
# Interop: `paramrun cls | limit | fit | significance` against pyhf 0.7.6 on workspaces built here
# (every modifier type over several channels, pyhf-validation-style examples), on the ATLAS sbottom
# likelihood with each of its signal patches (Tests/Fixtures/histfactory/sbottom-regionA), and on
# bad input (exit 2, the file and JSON path named). See check.py for the tolerances.
# Needs PYTHON (a virtualenv with requirements.txt) and PARAMRUN_ROOT; PARAMRUN may name a prebuilt
# binary, otherwise it is built here (release). LIKELIHOOD_INTEROP_PATCHES=N checks N sbottom patches.
set -euo pipefail
: "${PYTHON:?PYTHON must name a python with requirements.txt installed}"
: "${PARAMRUN_ROOT:?PARAMRUN_ROOT must name the repository root}"
here="$(cd "$(dirname "$0")" && pwd)"
paramrun="${PARAMRUN:-}"
if [ -z "$paramrun" ]; then
  (cd "$PARAMRUN_ROOT" && swift build -c release --product paramrun >&2)
  paramrun="$(cd "$PARAMRUN_ROOT" && swift build -c release --show-bin-path)/paramrun"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# pyhf runs one workspace per process on every core; each process keeps to one BLAS thread.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
# check.py imports its neighbours; no __pycache__ is left in the source tree.
export PYTHONDONTWRITEBYTECODE=1
status=0
"$PYTHON" "$here/check.py" "$paramrun" "$PARAMRUN_ROOT/Tests/Fixtures/histfactory/sbottom-regionA" "$work" \
  | tee "$work/check.log" || status=1
# A check.py that died before its count is one failure.
grep -qE '^[0-9]+ passed, [0-9]+ failed' "$work/check.log" || { echo "0 passed, 1 failed"; exit 1; }
exit "$status"
