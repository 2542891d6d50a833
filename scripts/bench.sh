#!/usr/bin/env bash
# `make bench`: each suite prints paramrun's figures beside a peer measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
for suite in scripts/bench-*.sh; do
  echo "== $suite"
  bash "$suite"
done
