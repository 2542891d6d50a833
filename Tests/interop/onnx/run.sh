#!/usr/bin/env bash
# ONNX interop, in two parts:
# 1. onnx-fixture writes seeded networks and rows scored by ONNXFormat; check.py runs onnx.checker
#    and onnxruntime on them.
# 2. paramrun trains and exports real networks (specs/*.yaml: relu and tanh, parameterized and fixed,
#    standard and min-max scaling); check_exported.py compares onnxruntime with `paramrun predict`
#    on the .onnx and the .prmodel, on 10,000 generated events at five θ values.
# Needs PYTHON (a venv with requirements.txt) and PARAMRUN_ROOT. ONNX_FIXTURE and PARAMRUN may name
# already built binaries; otherwise onnx-fixture is built here in release, paramrun in debug (the
# build `swift test` already made).
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

status=0
"$PYTHON" "$here/check.py" "$work" "${cases[@]}" --bench bench "$ours" | tee "$work/fixture.log" || status=1

paramrun=${PARAMRUN:-}
if [ -z "$paramrun" ]; then
  (cd "$PARAMRUN_ROOT" && swift build --product paramrun >&2)
  paramrun="$(cd "$PARAMRUN_ROOT" && swift build --show-bin-path)/paramrun"
fi
specs=()
for spec in "$here"/specs/*.yaml; do
  "$paramrun" run "$spec" --outputs "$work/outputs" --jobs 2 --quiet
  specs+=("$(sed -n 's/^name: *//p' "$spec")")
done
"$paramrun" generate --generator xttbar --masses 500,750,1000,1250,1500 --signal-per-mass 1000 \
  --background 5000 --seed 21 -o "$work/events.csv" >/dev/null
"$PYTHON" "$here/check_exported.py" "$paramrun" "$work/events.csv" 500,800,1000,1250,1500 "$work/outputs" "${specs[@]}" \
  | tee "$work/exported.log" || status=1

# One closing count for both parts.
count() { grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -1 | cut -d' ' -f"$2"; }
echo "$(( $(count "$work/fixture.log" 1) + $(count "$work/exported.log" 1) )) passed," \
     "$(( $(count "$work/fixture.log" 3) + $(count "$work/exported.log" 3) )) failed"
exit $status
