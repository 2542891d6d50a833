#!/usr/bin/env bash
# Builds (or reuses) the one interop virtualenv from every Tests/interop/*/requirements.txt and
# prints its python. Shared by `make test-interop` and the targets that write ROOT files through
# uproot (`make reproduce-root-demo`, `make bench`). Rebuilt only when the requirements change.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${INTEROP_VENV:-$root/.venv-interop}"
requirements=("$root"/Tests/interop/*/requirements.txt)
stamp="$venv/.requirements"
wanted="$(cat "${requirements[@]}" | grep -v '^\s*#' | grep -v '^\s*$' | sort -u)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "interop-venv: building $venv from PyPI" >&2
  python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install -q --upgrade pip >&2
  "$venv/bin/python" -m pip install -q $(for r in "${requirements[@]}"; do echo -r "$r"; done) >&2
  echo "$wanted" > "$stamp"
fi
echo "$venv/bin/python"
