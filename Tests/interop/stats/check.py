"""Compares paramrun's expected CLs limits and Asimov Z with pyhf's on stats-fixture's workspaces.

usage: check.py FIXTURE_DIR
Each workspace must validate against pyhf's schema 1.0.0; pyhf's expected upper limits
(asymptotics, qtilde, toms748 root finding) must agree with limits.csv within 2% for the median
and all four band edges; Z is recomputed from the workspace's yields.
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
        name = row["workspace"]
        spec = json.load(open(folder / f"{name}.json"))
        try:
            pyhf.schema.validate(spec, "workspace.json")
            workspace = pyhf.Workspace(spec)
            verdict(True, "")
        except Exception as error:  # any validation failure is a mismatch to report
            verdict(False, f"{name}: schema: {error}")
            continue
        edges = json.load(open(folder / f"{name}.edges.json"))["edges"]
        nbins = len(spec["channels"][0]["samples"][0]["data"])
        verdict(len(edges) == nbins + 1 and all(a < b for a, b in zip(edges, edges[1:])),
                f"{name}: sidecar has {len(edges)} edges for {nbins} bins")

        model = workspace.model()
        data = workspace.data(model)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _, expected = pyhf.infer.intervals.upper_limits.upper_limit(
                data, model, scan=None, level=0.05, test_stat="qtilde", calctype="asymptotics")
        pyhf_s.append(time.perf_counter() - start)
        ours_s.append(float(row["seconds_per_limit"]))
        theirs = [float(x) for x in expected]
        mine = [float(row[k]) for k in ("mu_up_minus2", "mu_up_minus1", "mu_up", "mu_up_plus1", "mu_up_plus2")]
        deviations = [abs(a - b) / b for a, b in zip(mine, theirs)]
        worst = max(worst, max(deviations))
        ok = all(d <= TOLERANCE for d in deviations)
        verdict(ok, f"{name}: limits ours {mine} pyhf {theirs}")
        print(f"{'ok  ' if ok else 'FAIL'} {name:30s} median ours {mine[2]:.6g} pyhf {theirs[2]:.6g}  "
              f"max band deviation {100 * max(deviations):.4f}%  seconds ours {ours_s[-1]:.4f} pyhf {pyhf_s[-1]:.2f}")

        # Z from the workspace's own yields, independently of our code.
        samples = {s["name"]: s["data"] for s in spec["channels"][0]["samples"]}
        z = math.sqrt(sum(2 * ((s + b) * math.log1p(s / b) - s) for s, b in zip(samples["signal"], samples["background"])))
        verdict(math.isclose(z, float(row["z_asimov"]), rel_tol=1e-8), f"{name}: Z ours {row['z_asimov']} recomputed {z}")

    print(f"largest relative deviation of any limit from pyhf: {100 * worst:.4f}%")
    if ours_s:
        print(f"seconds per expected limit (5 band edges): paramrun median {statistics.median(ours_s):.4f} "
              f"mean {statistics.mean(ours_s):.4f}; pyhf {pyhf.__version__} numpy median {statistics.median(pyhf_s):.4f} "
              f"mean {statistics.mean(pyhf_s):.4f}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not rows else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check.py FIXTURE_DIR")
    sys.exit(main(Path(sys.argv[1])))
