#!/usr/bin/env bash
# ONNX interop: onnx-fixture writes seeded networks and rows scored by ONNXFormat; check.py runs
# onnx.checker and onnxruntime on them. Needs PYTHON (a venv with requirements.txt) and PARAMRUN_ROOT.
# ONNX_FIXTURE may name an already built onnx-fixture binary; otherwise it is built here (release).
set -euo pipefail
: "${PYTHON:?set PYTHON to a virtualenv python with Tests/interop/onnx/requirements.txt}"
: "${PARAMRUN_ROOT:?set PARAMRUN_ROOT to the repository root}"
here=$(cd "$(dirname "$0")" && pwd)

fixture=${ONNX_FIXTURE:-}
if [ -z "$fixture" ]; then
  (cd "$PARAMRUN_ROOT" && swift build -c release --product onnx-fixture >&2)
  fixture="$(cd "$PARAMRUN_ROOT" && swift build -c release --show-bin-path)/onnx-fixture"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cases=()
seed=1
for activation in relu tanh; do
  for theta in theta fixed; do
    for scaling in standard minmax; do
      name="$activation-$theta-$scaling"
      flag=--theta; [ "$theta" = fixed ] && flag=--no-theta
      "$fixture" --seed "$seed" --activation "$activation" --layers 64,64,64 --scaling "$scaling" "$flag" \
        --features 5 --rows 10000 --output "$work/$name" >/dev/null
      cases+=("$name")
      seed=$((seed + 1))
    done
  done
done

# Benchmark: a 3×300 network on 10^4 rows of 27 features and θ (HEPMASS's width).
ours=$("$fixture" --seed 100 --activation relu --layers 300,300,300 --scaling standard --theta \
  --features 27 --rows 10000 --output "$work/bench" | sed -n 's/^evaluate_seconds=//p')

"$PYTHON" "$here/check.py" "$work" "${cases[@]}" --bench bench "$ours"
