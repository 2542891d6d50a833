#!/usr/bin/env bash
# Data bench: HEPMASS CSV reading vs pandas.read_csv (C engine, float32) in the same run,
# and generator speed. Extra arguments go to `paramrun-bench data` (e.g. --rows 200000).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.bench-data-venv
if ! "$venv/bin/python" -c "import pandas" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "pandas==3.1.1" "numpy==2.4.6"
fi
swift build -c release --product paramrun-bench >/dev/null
"$(swift build -c release --show-bin-path)/paramrun-bench" data --python "$venv/bin/python" "$@"
