#!/usr/bin/env bash
# Interop: paramrun's HistFactory workspaces validate against pyhf's schema, and pyhf's expected
# CLs limits on them agree with paramrun's within 2% (median and ±1σ/±2σ edges).
# Needs PYTHON (a virtualenv with requirements.txt) and PARAMRUN_ROOT; STATS_FIXTURE may name a
# prebuilt stats-fixture binary, otherwise it is built here (release).
set -euo pipefail
: "${PYTHON:?PYTHON must name a python with requirements.txt installed}"
: "${PARAMRUN_ROOT:?PARAMRUN_ROOT must name the repository root}"
here="$(cd "$(dirname "$0")" && pwd)"
fixture="${STATS_FIXTURE:-}"
if [ -z "$fixture" ]; then
  (cd "$PARAMRUN_ROOT" && swift build -c release --product stats-fixture >&2)
  fixture="$(cd "$PARAMRUN_ROOT" && swift build -c release --show-bin-path)/stats-fixture"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$fixture" "$work/workspaces" 13
"$PYTHON" "$here/check.py" "$work/workspaces"
