#!/usr/bin/env bash
# ROOT interop: uproot writes fresh files (each compression, several baskets, a subdirectory, each basic type);
# `paramrun convert` writes every flat branch of those and of the ROOT-written fixtures as CSV, which must equal
# uproot bit for bit, and must skip (and, when asked, refuse) every jagged, fixed-array, string and struct
# branch with a message naming it. Needs PYTHON (a venv with requirements.txt) and PARAMRUN_ROOT (the repo root).
set -euo pipefail
: "${PYTHON:?set PYTHON to a virtualenv python with Tests/interop/root/requirements.txt}"
: "${PARAMRUN_ROOT:?set PARAMRUN_ROOT to the repository root}"
cd "$PARAMRUN_ROOT"
swift build -c release --product paramrun >/dev/null
paramrun="$(swift build -c release --show-bin-path)/paramrun"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$PYTHON" Tests/Fixtures/root/make_generated.py "$work" 700 5
"$PYTHON" Tests/interop/root/compare.py "$paramrun" "$work"/*.root Tests/Fixtures/root/uproot-*.root
