"""Compares paramrun's expected CLs limits and Asimov Z with pyhf's.

usage: check.py FOLDER
FOLDER is either stats-fixture's output (limits.csv with a `workspace` column, NAME.json and
NAME.edges.json beside it) or a paramrun spec's outputs/<spec>/ (limits.csv with model and mass,
workspaces/MODEL_MASS.json and .edges.json).
Each workspace must validate against pyhf's schema 1.0.0; pyhf's expected upper limits
(asymptotics, qtilde, toms748 root finding) must agree with limits.csv within 2% for the median
and all four band edges; Z is recomputed from the workspace's yields.

pyhf's `upper_limit(scan=None)` brackets its root with mu's whole range and takes seconds to
minutes per workspace. Its own root finder, `toms748_scan`, is called here instead on the bracket
[0.8 x our -2 sigma edge, 1.25 x our +2 sigma edge]: the same hypotests and the same root finding,
far fewer steps. A pyhf limit outside that bracket makes toms748 raise, which counts as a failure.
"""
import csv
import json
import math
import statistics
import sys
import time
import warnings
from pathlib import Path

import pyhf

TOLERANCE = 0.02


def main(folder: Path) -> int:
    pyhf.set_backend("numpy")
    rows = list(csv.DictReader(open(folder / "limits.csv")))
    passed = failed = 0
    ours_s, pyhf_s, worst = [], [], 0.0

    def verdict(ok, message):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {message}")

    for row in rows:
        if "workspace" in row:
            name, base = row["workspace"], folder
        else:
            name, base = f"{row['model']}_{row['mass']}", folder / "workspaces"
        spec = json.load(open(base / f"{name}.json"))
        try:
            pyhf.schema.validate(spec, "workspace.json")
            workspace = pyhf.Workspace(spec)
            verdict(True, "")
        except Exception as error:  # any validation failure is a mismatch to report
            verdict(False, f"{name}: schema: {error}")
            continue
        edges = json.load(open(base / f"{name}.edges.json"))["edges"]
        nbins = len(spec["channels"][0]["samples"][0]["data"])
        verdict(len(edges) == nbins + 1 and all(a < b for a, b in zip(edges, edges[1:])),
                f"{name}: sidecar has {len(edges)} edges for {nbins} bins")

        model = workspace.model()
        data = workspace.data(model)
        mine = [float(row[k]) for k in ("mu_up_minus2", "mu_up_minus1", "mu_up", "mu_up_plus1", "mu_up_plus2")]
        start = time.perf_counter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _, expected = pyhf.infer.intervals.upper_limits.toms748_scan(
                    data, model, 0.8 * mine[0], 1.25 * mine[4], level=0.05, rtol=1e-4,
                    test_stat="qtilde", calctype="asymptotics")
        except ValueError as error:  # toms748: the root is not inside the bracket
            verdict(False, f"{name}: pyhf's limits are not within [0.8, 1.25] x ours {mine}: {error}")
            continue
        pyhf_s.append(time.perf_counter() - start)
        if "seconds_per_limit" in row:
            ours_s.append(float(row["seconds_per_limit"]))
        theirs = [float(x) for x in expected]
        deviations = [abs(a - b) / b for a, b in zip(mine, theirs)]
        worst = max(worst, max(deviations))
        ok = all(d <= TOLERANCE for d in deviations)
        verdict(ok, f"{name}: limits ours {mine} pyhf {theirs}")
        print(f"{'ok  ' if ok else 'FAIL'} {name:30s} median ours {mine[2]:.6g} pyhf {theirs[2]:.6g}  "
              f"max band deviation {100 * max(deviations):.4f}%  pyhf {pyhf_s[-1]:.2f} s")

        # Z from the workspace's own yields, independently of our code.
        samples = {s["name"]: s["data"] for s in spec["channels"][0]["samples"]}
        z = math.sqrt(sum(2 * ((s + b) * math.log1p(s / b) - s) for s, b in zip(samples["signal"], samples["background"])))
        verdict(math.isclose(z, float(row["z_asimov"]), rel_tol=1e-8), f"{name}: Z ours {row['z_asimov']} recomputed {z}")

    print(f"largest relative deviation of any limit from pyhf: {100 * worst:.4f}%")
    if pyhf_s:
        ours = f"paramrun median {statistics.median(ours_s):.4f} mean {statistics.mean(ours_s):.4f}; " if ours_s else ""
        print(f"seconds per expected limit (5 band edges): {ours}pyhf {pyhf.__version__} numpy toms748_scan "
              f"median {statistics.median(pyhf_s):.4f} mean {statistics.mean(pyhf_s):.4f}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not rows else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check.py FOLDER")
    sys.exit(main(Path(sys.argv[1])))
