"""`paramrun cls` against pyhf (numpy backend, one thread) on the ATLAS sbottom likelihood, for `make bench`.

usage: likelihood_pyhf.py PARAMRUN SBOTTOM_FOLDER [PYHF_REPEATS] [PARAMRUN_REPEATS]

Per patch: pyhf's `hypotest` at mu = 1 (q̃μ, asymptotics, CLs observed and the expected set), timed
alone on a model already built, in this process pinned to one core; against the whole
`paramrun cls BkgOnly.json --patch PATCH --threads 1` process (reading the 880 KB workspace,
patching, building the model, the fits), pinned to one core with taskset. pyhf's own reading,
patching and model building are timed apart and reported beside it.
The whole patch set: pyhf one patch after another on one core (load, patch, model, hypotest), against
one `paramrun cls` process given every patch, evaluating them in parallel on the machine's cores (2
here). Each figure is the best of its repeats, so a burst of load from other work on a shared
machine does not decide a ratio. paramrun's CLs are checked against pyhf's on the way (|Δ| ≤ 0.005).
"""
import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import json
import shutil
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import jsonpatch
import pyhf


def best_time(command, repeats):
    """The least wall time of `repeats` runs of `command`, and its last standard output."""
    times, out = [], ""
    for _ in range(repeats):
        start = time.perf_counter()
        run = subprocess.run(command, check=True, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        out = run.stdout
    return min(times), out


def pyhf_patch(spec, patch, repeats):
    """(seconds to patch and build the model, seconds per hypotest, CLs observed + expected)."""
    start = time.perf_counter()
    workspace = pyhf.Workspace(jsonpatch.apply_patch(spec, patch))
    model = workspace.model()
    data = workspace.data(model)
    build = time.perf_counter() - start
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        observed, expected = pyhf.infer.hypotest(1.0, data, model, test_stat="qtilde", return_expected_set=True)
        best = min(best, time.perf_counter() - start)
        result = [float(observed)] + [float(x) for x in expected]
    return build, best, result


def main(binary, folder, pyhf_repeats, paramrun_repeats):
    warnings.simplefilter("ignore")
    pyhf.set_backend("numpy")
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    pin = ["taskset", "-c", str(cpu)] if shutil.which("taskset") else []
    background = folder / "BkgOnly.json"
    patches = sorted(folder.glob("patch.*.json"))
    start = time.perf_counter()
    spec = json.loads(background.read_text())
    load = time.perf_counter() - start
    print(f"# pyhf {pyhf.__version__} numpy backend, one thread (core {cpu}); paramrun {binary}")
    print(f"# {len(patches)} patches of {background}; best of {pyhf_repeats} (pyhf) / {paramrun_repeats} (paramrun)")
    print(f"{'patch':28} {'pyhf hypotest':>14} {'pyhf model':>11} {'paramrun cls':>13} {'ratio':>8} {'|dCLs|':>8}")
    rows = []
    for path in patches:
        build, hypotest, theirs = pyhf_patch(spec, json.loads(path.read_text()), pyhf_repeats)
        command = [binary, "cls", str(background), "--patch", str(path), "--threads", "1", "--json"]
        seconds, out = best_time(pin + command, paramrun_repeats)
        line = json.loads(out)
        ours = [line["cls_observed"]] + line["cls_expected"]
        worst = max(abs(a - b) for a, b in zip(ours, theirs))
        rows.append((path.stem, hypotest, build, seconds, worst))
        print(f"{path.stem.removeprefix('patch.'):28} {hypotest:13.3f}s {build:10.3f}s {seconds * 1e3:11.1f}ms "
              f"{hypotest / seconds:7.1f}x {worst:8.1e}", flush=True)
    arguments = [a for p in patches for a in ("--patch", str(p))]
    together, _ = best_time([binary, "cls", str(background), *arguments, "--json"], paramrun_repeats)
    one_core, _ = best_time(pin + [binary, "cls", str(background), *arguments, "--threads", "1", "--json"],
                            paramrun_repeats)
    pyhf_hypotests = sum(r[1] for r in rows)
    pyhf_all = load + sum(r[1] + r[2] for r in rows)
    ratios = [r[1] / r[3] for r in rows]
    cores = os.cpu_count()
    print(f"per patch, one thread each: pyhf hypotest median {statistics.median(r[1] for r in rows):.3f} s, "
          f"paramrun cls (whole process) median {statistics.median(r[3] for r in rows) * 1e3:.1f} ms; "
          f"ratio median {statistics.median(ratios):.1f}x, least {min(ratios):.1f}x")
    print(f"all {len(patches)} patches: pyhf one after another on one core {pyhf_all:.2f} s "
          f"({pyhf_hypotests:.2f} s of it in hypotest); paramrun one process on {cores} cores {together:.3f} s "
          f"(on one core {one_core:.3f} s); ratio {pyhf_all / together:.1f}x "
          f"(hypotests alone {pyhf_hypotests / together:.1f}x)")
    print(f"largest |CLs paramrun - CLs pyhf| over the patches and bands: {max(r[4] for r in rows):.1e}")
    return 0 if max(r[4] for r in rows) <= 0.005 else 1


if __name__ == "__main__":
    pyhf_repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    paramrun_repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), pyhf_repeats, paramrun_repeats))
