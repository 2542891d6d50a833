#!/usr/bin/env bash
# Four independent deep-network trainings: one 2-thread training at a time (--jobs 1) against
# two 1-thread trainings side by side (the default --jobs, one per core).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/paramrun
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's/THREADS/2/' bench/specs/four-trainings.yaml > "$work/two-threads.yaml"
sed 's/THREADS/1/' bench/specs/four-trainings.yaml > "$work/one-thread.yaml"
cores=$(nproc)
run() { # spec jobs -> seconds
  local start end
  start=$(date +%s.%N)
  "$bin" run "$1" --outputs "$work/out-$2" --jobs "$2" --quiet > "$work/log-$2" || { cat "$work/log-$2"; exit 1; }
  end=$(date +%s.%N)
  python3 -c "print($end - $start)"
}
echo "runner: 4 trainings of 28-5x500-1 on 30k+30k events, 1 epoch each, plus load/scale/evaluate ($cores cores)"
serial=$(run "$work/two-threads.yaml" 1)
parallel=$(run "$work/one-thread.yaml" "$cores")
printf "  --jobs 1, threads: 2 (one training at a time): %6.1f s\n" "$serial"
printf "  --jobs %d, threads: 1 (trainings side by side): %6.1f s\n" "$cores" "$parallel"
printf "  ratio %.2fx (>1 means running stages concurrently is faster)\n" "$(python3 -c "print($serial / $parallel)")"
