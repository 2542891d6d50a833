#!/usr/bin/env bash
# The 750 GeV study of issue 15: specs/lomo-study/study.yaml at seeds 7 (as written), 11 and 13,
# through the store (nothing already computed is recomputed), then every network's AUC at 750 GeV
# into outputs/lomo-study/auc_750.csv, one row per seed and model.
# Knobs: SEEDS ("7 11 13"), JOBS (2), PARAMRUN (.build/release/paramrun).
set -euo pipefail
cd "$(dirname "$0")/.."

SEEDS=${SEEDS:-"7 11 13"}
JOBS=${JOBS:-2}
BIN=${PARAMRUN:-.build/release/paramrun}
[ -x "$BIN" ] || swift build -c release --product paramrun

SPECS=outputs/lomo-study/specs
mkdir -p "$SPECS"
CSV=outputs/lomo-study/auc_750.csv
SMOOTH=outputs/lomo-study/smoothness.csv
echo "seed,model,auc,error" > "$CSV.tmp"
echo "seed,model,events,fraction_wiggly,fraction_wiggly_signal,fraction_wiggly_background,mean_turning_points,flagged" > "$SMOOTH.tmp"
for seed in $SEEDS; do
  spec="$SPECS/study-s$seed.yaml"
  # Only the seed and the output folder change; at seed 7 the spec is study.yaml itself.
  sed -e "s/^seed: 7$/seed: $seed/" -e "s/^name: lomo-study$/name: lomo-study-s$seed/" specs/lomo-study/study.yaml > "$spec"
done
# What 2 shared cores allow in an afternoon, most important first: the core comparison (fixed,
# concatenated and affine at 3 epochs) at every seed; then the cheaper budget points and one noise
# value at every seed; then the 6-epoch points, the other noise values, the θ-shuffled control and
# the smoothness scans at the first seed only. FULL=1 runs the whole spec at every seed.
core=(evaluate/fixed-750@750 evaluate/parameterized-without-750@750 evaluate/affine-e3@750)
cheap=(evaluate/concat-e1@750 evaluate/concat-half@750 evaluate/affine-e1@750 evaluate/noise-50@750)
first=${SEEDS%% *}
for phase in core cheap rest; do
  for seed in $SEEDS; do
    spec="$SPECS/study-s$seed.yaml"
    case "$phase" in
      core) only=(--only "${core[@]}") ;;
      cheap) only=(--only "${cheap[@]}") ;;
      rest) if [ "$seed" = "$first" ] || [ "${FULL:-0}" = 1 ]; then only=(); else continue; fi ;;
    esac
    start=$(date +%s)
    nice "$BIN" run "$spec" --jobs "$JOBS" --quiet "${only[@]}"
    echo "seed $seed, $phase: $(( $(date +%s) - start )) s"
  done
done
for seed in $SEEDS; do
  for json in outputs/lomo-study-s$seed/auc/*_750.json; do
    [ -e "$json" ] || continue
    python3 - "$json" "$seed" >> "$CSV.tmp" <<'PY'
import json, os, sys
path, seed = sys.argv[1], sys.argv[2]
d = json.load(open(path))
model = os.path.basename(path)[:-len("_750.json")]
print(f"{seed},{model},{d['auc']:.6f},{d['aucError']:.6f}")
PY
  done
  for json in outputs/lomo-study-s$seed/smoothness/*.json; do
    [ -e "$json" ] || continue
    python3 - "$json" "$seed" >> "$SMOOTH.tmp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]},{d['model']},{d['events']},{d['fractionWiggly']:.4f},{d['fractionWigglySignal']:.4f},"
      f"{d['fractionWigglyBackground']:.4f},{d['meanTurningPoints']:.3f},{str(d['flagged']).lower()}")
PY
  done
done
mv "$CSV.tmp" "$CSV"
mv "$SMOOTH.tmp" "$SMOOTH"
echo "wrote $CSV and $SMOOTH"
