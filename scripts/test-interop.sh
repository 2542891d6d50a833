#!/usr/bin/env bash
# `make test-interop`: paramrun's files checked by the tools physicists use (uproot, onnxruntime,
# pyhf). One virtualenv, built from the package registry by package name from every
# Tests/interop/*/requirements.txt; each Tests/interop/*/run.sh then runs with PYTHON and
# PARAMRUN_ROOT set. Python is a test-time peer only: paramrun never needs it to run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="$("$root/scripts/interop-venv.sh")"
export PYTHON="$python" PARAMRUN_ROOT="$root" PYTHONUNBUFFERED=1
passed=0 failed=0
for suite in "$root"/Tests/interop/*/run.sh; do
  name="$(basename "$(dirname "$suite")")"
  echo "== interop: $name"
  log="$(mktemp)"
  if bash "$suite" 2>&1 | tee "$log"; then status=0; else status=1; fi
  # Each suite closes with "N passed, M failed"; a suite that dies before it counts as one failure.
  line="$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 || true)"
  rm -f "$log"
  if [ -n "$line" ]; then
    passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
    failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
  fi
  if [ "$status" -ne 0 ] && { [ -z "$line" ] || [ "$(echo "$line" | cut -d' ' -f3)" = 0 ]; }; then
    echo "interop suite $name failed without a count"
    failed=$((failed + 1))
  fi
done
echo "interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
