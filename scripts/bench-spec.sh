#!/usr/bin/env bash
# Validating a 20-model spec with a 5-way sweep, against PyYAML's C loader merely parsing it.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=bench/specs/validate-20-models.yaml
echo "spec validation ($spec: 20 models + 5-way sweep, 125 evaluations), median of 20 runs, process start included"
python3 bench/time_commands.py 20 \
  "paramrun validate=.build/release/paramrun validate $spec" \
  "PyYAML CSafeLoader compose only=python3 -c 'import yaml; yaml.compose(open(\"$spec\"), Loader=yaml.CSafeLoader)'"
