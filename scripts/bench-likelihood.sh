#!/usr/bin/env bash
# `paramrun cls` against pyhf 0.7.6 (numpy backend, one thread) on the ATLAS sbottom likelihood
# (Tests/Fixtures/histfactory/sbottom-regionA): per patch on one core, and the 13 patches as one
# `paramrun cls` process on every core against pyhf one patch after another. pyhf runs in the
# interop virtualenv. Knobs: LIKELIHOOD_BENCH_PYHF_REPEATS (2), LIKELIHOOD_BENCH_REPEATS (5).
set -euo pipefail
cd "$(dirname "$0")/.."
python="$(scripts/interop-venv.sh)"
swift build -c release --product paramrun >/dev/null
"$python" bench/likelihood_pyhf.py "$(swift build -c release --show-bin-path)/paramrun" \
  Tests/Fixtures/histfactory/sbottom-regionA "${LIKELIHOOD_BENCH_PYHF_REPEATS:-2}" "${LIKELIHOOD_BENCH_REPEATS:-5}"
