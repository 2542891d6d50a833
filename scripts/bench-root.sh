#!/usr/bin/env bash
# ROOT bench: reading the same 10 flat branches of a ~1M-event uproot-written file with paramrun
# (`paramrun-bench root`, ROOTIO) and with uproot to numpy, in the interop virtualenv, best of 3 each.
# Arguments: [EVENTS] [COMPRESSION] (default 1000000 zlib).
set -euo pipefail
cd "$(dirname "$0")/.."
python="$(scripts/interop-venv.sh)"
swift build -c release --product paramrun-bench >/dev/null
"$python" bench/root_read.py "$(swift build -c release --show-bin-path)/paramrun-bench" "${1:-1000000}" "${2:-zlib}"
