"""Compares `paramrun convert --column NAME=EXPR` and `--select EXPR` with the same expressions written in
awkward, value for value, on the counted trees uproot writes (make_jagged.py: `met`, `p3[3]`, `Jet_*[nJet]`)
and on real CMS NanoAOD. Every construct of docs/EXPRESSIONS.md is covered: arithmetic, comparisons, logic,
each function, X[i] with and without ??, masks, element-wise lists with broadcast, and every reduction.
Values are compared in float64 (branches widened first, as paramrun evaluates); a missing or infinite value is
an empty CSV field. Exact equality is asked of everything but the transcendental functions (exp, log, the
trigonometric and hyperbolic ones), which paramrun takes from the C library and numpy from its own SIMD code:
those must agree within 1e-12, relative (sums of them differ in the last bits).
Prints `N passed, M failed`. Usage: compare_expressions.py PARAMRUN FILE.root..."""
import csv
import os
import subprocess
import sys
import tempfile

import awkward as ak
import numpy as np
import uproot


def f64(x):
    return ak.values_astype(x, np.float64)


def at(x, i, default=None):
    """Element i of each list, `default` (None: missing) where there is none."""
    picked = ak.pad_none(x, i + 1, axis=1)[:, i]
    return picked if default is None else ak.fill_none(picked, default)


def flat(x):
    """A per-event result as float64 numpy, missing as NaN."""
    return ak.to_numpy(ak.fill_none(f64(x), np.nan))


# name: (expression, awkward over the arrays `a`, transcendental?)
JAGGED = {
    "ht": ("sum(Jet_pt[abs(Jet_eta) < 2.4])", lambda a: ak.sum(a["Jet_pt"][abs(a["Jet_eta"]) < 2.4], axis=1), 0),
    "j0": ("Jet_pt[0] ?? -1", lambda a: at(a["Jet_pt"], 0, -1), 0),
    "j1": ("Jet_pt[1]", lambda a: at(a["Jet_pt"], 1), 0),
    "jn": ("Jet_eta[nJet - 1] ?? met", lambda a: ak.where(a["nJet"] > 0, at(a["Jet_eta"], 0) * 0 + ak.fill_none(
        ak.firsts(a["Jet_eta"][ak.local_index(a["Jet_eta"]) == a["nJet"] - 1]), 0), a["met"]), 0),
    "ntag": ("count(Jet_tag)", lambda a: ak.sum(a["Jet_tag"] > 0, axis=1), 0),
    "nhard": ("count(Jet_n > 3 || !Jet_tag)", lambda a: ak.sum((a["Jet_n"] > 3) | ~(a["Jet_tag"] > 0), axis=1), 0),
    "len": ("len(Jet_pt)", lambda a: ak.num(a["Jet_pt"]), 0),
    "cnt": ("count(Jet_eta)", lambda a: ak.num(a["Jet_eta"]), 0),
    "maxeta": ("max(Jet_eta) ?? 0", lambda a: ak.fill_none(ak.max(a["Jet_eta"], axis=1), 0), 0),
    "minb": ("min(Jet_pt * 2 + met)", lambda a: ak.min(a["Jet_pt"] * 2 + a["met"], axis=1), 0),
    "mean": ("mean(Jet_pt) ?? 0", lambda a: ak.where(ak.num(a["Jet_pt"]) > 0, ak.sum(a["Jet_pt"], axis=1) / np.maximum(
        ak.num(a["Jet_pt"]), 1), 0), 0),
    "meanb": ("mean(Jet_eta[Jet_tag])", lambda a: ak.mean(a["Jet_eta"][a["Jet_tag"] > 0], axis=1), 0),
    "anyid": ("any(Jet_id > 2)", lambda a: ak.any(a["Jet_id"] > 2, axis=1), 0),
    "allpt": ("all(Jet_pt > 20)", lambda a: ak.all(a["Jet_pt"] > 20, axis=1), 0),
    "masked1": ("Jet_pt[Jet_pt > 30][1] ?? -1", lambda a: at(a["Jet_pt"][a["Jet_pt"] > 30], 1, -1), 0),
    "ew": ("sum(Jet_pt[Jet_tag] * Jet_eta[Jet_tag])",
           lambda a: ak.sum(a["Jet_pt"][a["Jet_tag"] > 0] * a["Jet_eta"][a["Jet_tag"] > 0], axis=1), 0),
    "bcast": ("sum(Jet_pt / met - Jet_eta)", lambda a: ak.sum(a["Jet_pt"] / a["met"] - a["Jet_eta"], axis=1), 0),
    "fixed": ("p3[2] * 2 - p3[0]", lambda a: at(a["p3"], 2) * 2 - at(a["p3"], 0), 0),
    "big": ("sum(Jet_big) / 1000", lambda a: ak.sum(a["Jet_big"], axis=1) / 1000, 0),
    "minmax": ("min(met, Jet_pt[0] ?? 0) + max(met, 5)",
               lambda a: np.minimum(a["met"], at(a["Jet_pt"], 0, 0)) + np.maximum(a["met"], 5), 0),
    "logic": ("-met / 2 - 1 * 3 < -8 && (nJet == 2 || !(met >= 10)) && met != 7",
              lambda a: ((-a["met"] / 2 - 1 * 3) < -8) & ((a["nJet"] == 2) | ~(a["met"] >= 10)) & (a["met"] != 7), 0),
    "sqrtabs": ("sqrt(abs(met - 20)) + pow(nJet, 2)", lambda a: np.sqrt(abs(a["met"] - 20)) + a["nJet"] ** 2, 0),
    "exp": ("exp(-met / 50) + log(met)", lambda a: np.exp(-a["met"] / 50) + np.log(a["met"]), 1),
    "trig": ("sin(met) + cos(met) + tan(met / 100)", lambda a: np.sin(a["met"]) + np.cos(a["met"]) + np.tan(
        a["met"] / 100), 1),
    "hyp": ("sum(sinh(Jet_eta) + cosh(Jet_eta) * tanh(Jet_eta))",
            lambda a: ak.sum(np.sinh(a["Jet_eta"]) + np.cosh(a["Jet_eta"]) * np.tanh(a["Jet_eta"]), axis=1), 1),
    "atan2": ("atan2(met, (Jet_eta[0] ?? 0) - 1)", lambda a: np.arctan2(a["met"], at(a["Jet_eta"], 0, 0) - 1), 1),
}
JAGGED_SELECT = ("nJet >= 2 && met > 10", lambda a: (a["nJet"] >= 2) & (a["met"] > 10))

NANO = {
    "ht": ("sum(Jet_pt[abs(Jet_eta) < 2.4 && Jet_pt > 30])",
           lambda a: ak.sum(a["Jet_pt"][(abs(a["Jet_eta"]) < 2.4) & (a["Jet_pt"] > 30)], axis=1), 0),
    "nb": ("count(Jet_btagCSVV2 > 0.8)", lambda a: ak.sum(a["Jet_btagCSVV2"] > 0.8, axis=1), 0),
    "lead": ("Jet_pt[abs(Jet_eta) < 2.4][0] ?? 0", lambda a: at(a["Jet_pt"][abs(a["Jet_eta"]) < 2.4], 0, 0), 0),
    "mu": ("Muon_pt[Muon_pfRelIso04_all < 0.15][0] ?? 0",
           lambda a: at(a["Muon_pt"][a["Muon_pfRelIso04_all"] < 0.15], 0, 0), 0),
    "mumax": ("max(Muon_pt) ?? -1", lambda a: ak.fill_none(ak.max(a["Muon_pt"], axis=1), -1), 0),
    "pz": ("(Jet_pt[0] ?? 0) * sinh(Jet_eta[0] ?? 0)", lambda a: at(a["Jet_pt"], 0, 0) * np.sinh(at(a["Jet_eta"], 0, 0)), 1),
    "dphi": ("abs(atan2(sin(Jet_phi[0] - Jet_phi[1]), cos(Jet_phi[0] - Jet_phi[1])))",
             lambda a: abs(np.arctan2(np.sin(at(a["Jet_phi"], 0) - at(a["Jet_phi"], 1)),
                                      np.cos(at(a["Jet_phi"], 0) - at(a["Jet_phi"], 1)))), 1),
    "hlt": ("HLT_IsoMu17_eta2p1 || MET_pt > 50", lambda a: (a["HLT_IsoMu17_eta2p1"] > 0) | (a["MET_pt"] > 50), 0),
}
NANO_SELECT = ("nJet >= 2 && MET_pt > 20", lambda a: (a["nJet"] >= 2) & (a["MET_pt"] > 20))


def convert(paramrun, path, tree, columns, select, out):
    args = [paramrun, "convert", path, "--tree", tree, "-o", out]
    for name, (text, _, _) in columns.items():
        args += ["--column", f"{name}={text}"]
    if select:
        args += ["--select", select]
    run = subprocess.run(args, capture_output=True, text=True)
    return run


def read_csv(out):
    with open(out, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    return {name: np.array([float(r[i]) if r[i] != "" else np.nan for r in body]) for i, name in enumerate(header)}


def same(ours, theirs, transcendental):
    theirs = np.where(np.isfinite(theirs), theirs, np.nan)
    if ours.shape != theirs.shape:
        return False
    both_missing = np.isnan(ours) & np.isnan(theirs)
    if transcendental:
        return bool(np.all(both_missing | np.isclose(ours, theirs, rtol=1e-12, atol=1e-12)))
    return bool(np.all(both_missing | (ours == theirs)))


def check(paramrun, path, tree, columns, selection, work):
    events = uproot.open(path)[tree]
    names = {n for n in events.keys()}
    arrays = {n: f64(events[n].array()) for n in names if any(n in text for text, _, _ in columns.values())
              or n in selection[0]}
    passed = failed = 0
    for select in (None, selection):
        out = os.path.join(work, "out.csv")
        run = convert(paramrun, path, tree, columns, select[0] if select else None, out)
        label = f"{os.path.basename(path)}:{tree}" + (f" --select {select[0]}" if select else "")
        if run.returncode != 0:
            print(f"FAIL {label}: paramrun exited {run.returncode}: {run.stderr.strip()}")
            failed += 1
            continue
        ours = read_csv(out)
        keep = np.ones(events.num_entries, dtype=bool)
        if select:
            keep = ak.to_numpy(select[1](arrays))
        for name, (text, expected, transcendental) in columns.items():
            theirs = flat(expected(arrays))[keep]
            if same(ours[name], theirs, transcendental):
                passed += 1
            else:
                bad = np.flatnonzero(~((ours[name] == theirs) | (np.isnan(ours[name]) & np.isnan(theirs))))[:3]
                print(f"FAIL {label} {name} = {text}: rows {bad.tolist()}: paramrun {ours[name][bad].tolist()}, "
                      f"awkward {theirs[bad].tolist()}")
                failed += 1
        if select:
            if len(ours[next(iter(ours))]) == int(np.sum(keep)):
                passed += 1
            else:
                print(f"FAIL {label}: {len(ours[next(iter(ours))])} rows kept, awkward {int(np.sum(keep))}")
                failed += 1
    return passed, failed


def main():
    paramrun = sys.argv[1]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as work:
        for path in sys.argv[2:]:
            # Only the trees these expressions are written for: NanoAOD's Events, make_jagged.py's events.
            trees = uproot.open(path).keys(cycle=False)
            if "Events" in trees:
                p, f = check(paramrun, path, "Events", NANO, NANO_SELECT, work)
            elif "events" in trees and "Jet_tag" in uproot.open(path)["events"].keys():
                p, f = check(paramrun, path, "events", JAGGED, JAGGED_SELECT, work)
            else:
                continue
            passed, failed = passed + p, failed + f
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
