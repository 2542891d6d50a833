"""Compares `paramrun cls | limit | fit | significance --json` with pyhf on the same workspaces.

usage: check.py PARAMRUN SBOTTOM_FOLDER WORK_FOLDER

Three sets of workspaces: (a) built here with every modifier type over three channels, (b) small
ones in the style of pyhf's validation examples (workspaces.py), and (c) the ATLAS sbottom
likelihood (BkgOnly.json) with each of its signal patches, which paramrun applies itself
(`--patch`, several at once and as a pyhf patchset) while pyhf is given the patched workspace.

Tolerances (issue 23): CLs within 0.005 absolute; limits within 1%; fitted values within 1% or
0.01 of their error, whichever is looser; nll within 1e-3 relative; p0 within 0.005 absolute and Z
within 1% or 0.0125 (0.005 in p0 at Z = 0). Errors: within 5% of minuit's (HESSE, after pyhf's
fit). paramrun inverts its exact Hessian, minuit a finite-difference one through its transform of
bounded parameters, which is off where a parameter sits near a bound or the interpolation
polynomials curve strongly; so an error outside 5% of minuit's passes if it is within 1% of the
error from the central-difference Hessian of pyhf's own logpdf at the minimum (a note says so).
The code1/code0 variants compare no errors: both codes have a kink at α = 0, where a fit with α
unconstrained by the data sits, and a Hessian there depends on the side it is taken from.
paramrun's output must have the shape the issue states (a JSON schema below), and bad input
must exit 2 naming the file and the JSON path, with nothing on standard output.

pyhf: numpy backend, scipy optimizer for the hypotests (as `pyhf cls` runs them), minuit for the
fit's errors. Its limits come from its own `toms748_scan` (rtol 1e-3), bracketed by paramrun's
values ±3% (toms748_scan widens a bracket that does not hold the root); on sbottom, where each
hypotest takes seconds, pyhf's CLs at 0.99 and 1.01 times each of paramrun's six limits must
straddle 0.05 instead, which is the 1% criterion itself.
pyhf's work runs on every core, one workspace per process. For development:
LIKELIHOOD_INTEROP_PATCHES=N checks only the first N sbottom patches, LIKELIHOOD_INTEROP_ONLY=REGEX
only the built workspaces whose names match.
"""
import concurrent.futures
import json
import math
import os
import re
import subprocess
import sys
import time
import warnings
from pathlib import Path

import jsonpatch
import jsonschema
import numpy as np
import pyhf
from scipy.stats import norm

import bad_inputs
import workspaces

CLS_TOL, LIMIT_TOL, VALUE_TOL, ERROR_TOL, CURVATURE_TOL = 0.005, 0.01, 0.01, 0.05, 0.01
LIMIT_TOL_CHECK_LOW, LIMIT_TOL_CHECK_HIGH = 1 - LIMIT_TOL, 1 + LIMIT_TOL
# At Z = 0, where a deficit puts pyhf's p0 (0.496 where the exact fit gives 0.5: its fits stop
# early), 0.005 in p0 is 0.0125 in Z; away from 0, Z within 1%.
P0_TOL, Z_TOL, Z_TOL_ABSOLUTE = 0.005, 0.01, 0.0125
NUMBER = {"type": "number"}
FIVE = {"type": "array", "items": NUMBER, "minItems": 5, "maxItems": 5}
SHAPES = {
    "cls": {"required": ["mu", "cls_observed", "cls_expected"],
            "properties": {"mu": NUMBER, "cls_observed": NUMBER, "cls_expected": FIVE}},
    "limit": {"required": ["observed", "expected"], "properties": {"observed": NUMBER, "expected": FIVE}},
    "fit": {"required": ["nll", "parameters"],
            "properties": {"nll": NUMBER, "parameters": {
                "type": "object", "minProperties": 1, "additionalProperties": {
                    "type": "object", "required": ["value", "error"], "additionalProperties": False,
                    "properties": {"value": NUMBER, "error": {"type": "number", "minimum": 0}}}}}},
    "significance": {"required": ["p0_observed", "z_observed", "p0_expected", "z_expected"],
                     "properties": {k: NUMBER for k in ("p0_observed", "z_observed", "p0_expected", "z_expected")}},
}
for shape in SHAPES.values():
    shape.update(type="object", additionalProperties=False)
    shape["properties"]["patch"] = {"type": "string", "minLength": 1}


class Tally:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, ok, message):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {message}", flush=True)
        return ok


def paramrun(binary, command, workspace, *arguments):
    """Runs one command with --json; returns its JSON lines (each validated against its shape)."""
    run = subprocess.run([binary, command, str(workspace), *arguments, "--json"], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"paramrun {command} exited {run.returncode}: {run.stderr.strip()}")
    lines = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    for line in lines:
        jsonschema.validate(line, SHAPES[command])
    return lines


def pyhf_model(spec, settings):
    workspace = pyhf.Workspace(spec)
    model = workspace.model(modifier_settings=settings) if settings else workspace.model()
    return model, workspace.data(model)


def pyhf_results(spec, settings, mus, limit_bracket=None, limit_check=None, fit=True):
    """Everything pyhf says about one workspace: CLs at each μ, limits, the fit and p0.

    Limits: with `limit_bracket`, pyhf's own roots by toms748_scan; with `limit_check` (paramrun's
    six limits), pyhf's CLs curve k at 0.99 and 1.01 times limit k, which must straddle 0.05 for
    the limit to be within 1% of pyhf's: 12 hypotests where a root search on the sbottom models
    takes several times more."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pyhf.set_backend("numpy")
        model, data = pyhf_model(spec, settings)
        out = {"cls": {}, "seconds": {}}
        # A limit above the POI's upper bound (10 by default) is one paramrun reports and pyhf's fits
        # refuse to start at; pyhf is then given a wider bound for μ, which changes nothing else
        # while μ̂ stays inside the old one.
        bounds = model.config.suggested_bounds()
        poi = model.config.poi_index
        highest = max([*mus, *(limit_bracket or []), *(limit_check or [])])
        if highest * 1.5 > bounds[poi][1]:
            bounds[poi] = (bounds[poi][0], 2 * highest)
        start = time.perf_counter()
        for mu in mus:
            observed, expected = pyhf.infer.hypotest(mu, data, model, test_stat="qtilde", return_expected_set=True,
                                                     par_bounds=bounds)
            out["cls"][mu] = (float(observed), [float(x) for x in expected])
        out["seconds"]["cls"] = (time.perf_counter() - start) / max(len(mus), 1)
        if limit_bracket:
            low, high = limit_bracket
            observed, expected = pyhf.infer.intervals.upper_limits.toms748_scan(
                data, model, low, high, level=0.05, rtol=1e-3, test_stat="qtilde", par_bounds=bounds)
            out["limit"] = (float(observed), [float(x) for x in expected])
        if limit_check:
            out["limit_check"] = []
            for k, limit in enumerate(limit_check):
                sides = []
                for mu in (LIMIT_TOL_CHECK_LOW * limit, LIMIT_TOL_CHECK_HIGH * limit):
                    observed, expected = pyhf.infer.hypotest(mu, data, model, test_stat="qtilde",
                                                             return_expected_set=True, par_bounds=bounds)
                    sides.append(float([observed, *expected][k]))
                out["limit_check"].append(sides)
        p0, p0_expected = pyhf.infer.hypotest(0.0, data, model, test_stat="q0", return_expected=True)
        out["significance"] = (float(p0), float(p0_expected))
        if fit:
            pyhf.set_backend("numpy", "minuit")
            bestfit, twice_nll = pyhf.infer.mle.fit(data, model, return_uncertainties=True, return_fitted_val=True)
            names = model.config.par_names
            out["fit"] = (float(twice_nll) / 2, {n: (float(v), float(e)) for n, (v, e) in zip(names, bestfit)})
            out["fixed"] = [n for n, f in zip(names, model.config.suggested_fixed()) if f]
        return out


def compare(tally, name, ours, theirs, spec=None, settings=None):
    """ours: {"cls": {mu: json}, "limit": json, "fit": json, "significance": json}; theirs: pyhf_results."""
    for mu, (observed, expected) in theirs["cls"].items():
        got = ours["cls"][mu]
        tally.check(got["mu"] == mu, f"{name}: cls echoes mu {got['mu']}, asked {mu}")
        worst = max(abs(a - b) for a, b in zip([got["cls_observed"], *got["cls_expected"]], [observed, *expected]))
        tally.check(worst <= CLS_TOL, f"{name}: CLs at mu={mu:g} ours {got['cls_observed']:.5f} "
                    f"{[round(x, 5) for x in got['cls_expected']]} "
                    f"pyhf {observed:.5f} {[round(x, 5) for x in expected]}")
    if "limit_check" in theirs:
        got = [ours["limit"]["observed"], *ours["limit"]["expected"]]
        labels = ["observed", "-2σ", "-1σ", "median", "+1σ", "+2σ"]
        outside = [f"{label} {limit:.4g}: pyhf CLs {low:.4f} at -1%, {high:.4f} at +1%"
                   for label, limit, (low, high) in zip(labels, got, theirs["limit_check"]) if not low >= 0.05 >= high]
        tally.check(not outside, f"{name}: limits not within 1% of pyhf's: {outside}")
    if "limit" in theirs:
        observed, expected = theirs["limit"]
        got = [ours["limit"]["observed"], *ours["limit"]["expected"]]
        deviations = [abs(a - b) / abs(b) for a, b in zip(got, [observed, *expected])]
        tally.check(max(deviations) <= LIMIT_TOL,
                    f"{name}: limits ours {[round(x, 4) for x in got]} "
                    f"pyhf {[round(x, 4) for x in [observed, *expected]]}")
    p0, p0_expected = theirs["significance"]
    sig = ours["significance"]
    for label, mine, peer in (("observed", sig["p0_observed"], p0), ("expected", sig["p0_expected"], p0_expected)):
        z_mine, z_peer = sig[f"z_{label}"], float(norm.isf(peer))
        tally.check(abs(mine - peer) <= P0_TOL and abs(z_mine - z_peer) <= max(Z_TOL_ABSOLUTE, Z_TOL * abs(z_peer)),
                    f"{name}: p0/Z {label} ours {mine:.5g}/{z_mine:.4f} pyhf {peer:.5g}/{z_peer:.4f}")
    if "fit" in theirs:
        compare_fit(tally, name, ours["fit"], theirs, spec, settings, errors=settings is None)


def compare_fit(tally, name, fit, theirs, spec=None, settings=None, errors=True):
    nll, parameters = theirs["fit"]
    tally.check(abs(fit["nll"] - nll) <= 1e-3 * max(1.0, abs(nll)), f"{name}: nll ours {fit['nll']:.6f} pyhf {nll:.6f}")
    missing = sorted(set(parameters) - set(fit["parameters"]))
    extra = sorted(set(fit["parameters"]) - set(parameters))
    tally.check(not missing and not extra, f"{name}: fit parameters missing {missing[:5]} extra {extra[:5]}")
    bad_values, off_minuit = [], []
    for par, (value, error) in parameters.items():
        if par not in fit["parameters"]:
            continue
        got = fit["parameters"][par]
        if abs(got["value"] - value) > max(VALUE_TOL * abs(value), VALUE_TOL * error, 1e-6):
            bad_values.append(f"{par} {got['value']:.6g} vs {value:.6g} (±{error:.3g})")
        if par in theirs["fixed"]:
            if got["error"] != 0:
                off_minuit.append((par, got["error"], 0.0))
        elif abs(got["error"] - error) > max(ERROR_TOL * error, 1e-4):
            off_minuit.append((par, got["error"], error))
    tally.check(not bad_values, f"{name}: {len(bad_values)} fitted values differ: {bad_values[:6]}")
    if not errors:
        return
    bad_errors = off_minuit
    if off_minuit and spec is not None:
        # minuit's HESSE differentiates numerically with its own steps; where it disagrees, the
        # second opinion is the curvature of pyhf's own logpdf at the minimum, by central differences.
        curvature = logpdf_errors(spec, settings, fit, theirs["fixed"])
        bad_errors = [(p, ours, minuit) for p, ours, minuit in off_minuit
                      if p not in curvature or abs(ours - curvature[p]) > max(CURVATURE_TOL * curvature[p], 1e-6)]
        print(f"note {name}: {len(off_minuit)} errors differ from minuit's by over {ERROR_TOL:.0%}; against the "
              f"Hessian of pyhf's logpdf {len(bad_errors)} differ by over {CURVATURE_TOL:.0%}: "
              + ", ".join(f"{p} ours {o:.5g} minuit {m:.5g} logpdf {curvature.get(p, float('nan')):.5g}"
                          for p, o, m in off_minuit[:4]))
    tally.check(not bad_errors, f"{name}: {len(bad_errors)} errors differ: "
                + ", ".join(f"{p} {o:.5g} vs {m:.5g}" for p, o, m in bad_errors[:6]))


def logpdf_errors(spec, settings, fit, fixed):
    """Errors from the inverse of the central-difference Hessian of pyhf's −logpdf at paramrun's
    minimum (whose values the fit check has compared with pyhf's), free parameters only."""
    pyhf.set_backend("numpy")
    model, data = pyhf_model(spec, settings)
    names = model.config.par_names
    x0 = np.array([fit["parameters"][n]["value"] for n in names])
    free = [i for i, n in enumerate(names) if n not in fixed]
    steps = {i: 1e-3 * max(fit["parameters"][names[i]]["error"], 1e-6) for i in free}

    def f(shifts):
        x = x0.copy()
        for i, h in shifts:
            x[i] += h
        return -float(model.logpdf(x, data)[0])

    hessian = np.zeros((len(free), len(free)))
    for a, i in enumerate(free):
        for b, j in enumerate(free[: a + 1]):
            hi, hj = steps[i], steps[j]
            value = (f([(i, hi), (j, hj)]) - f([(i, hi), (j, -hj)]) - f([(i, -hi), (j, hj)])
                     + f([(i, -hi), (j, -hj)])) / (4 * hi * hj)
            hessian[a, b] = hessian[b, a] = value
    covariance = np.linalg.inv(hessian)
    return {names[i]: float(np.sqrt(covariance[a, a])) for a, i in enumerate(free) if covariance[a, a] > 0}


def small_workspaces(tally, binary, work, pool):
    code_flags = "--normsys-interpolation" in subprocess.run(
        [binary, "cls", "--help"], capture_output=True, text=True).stdout
    jobs = []
    only = re.compile(os.environ.get("LIKELIHOOD_INTEROP_ONLY", ""))
    for name, spec in workspaces.cases():
        if not only.search(name):
            continue
        variants = [(name, [], None)]
        if code_flags and ("normsys" in name or "histosys" in name or name == "every_modifier_seed2"):
            variants.append((name + "_code1_code0", ["--normsys-interpolation", "code1", "--histosys-interpolation",
                                                     "code0"], {"normsys": {"interpcode": "code1"},
                                                                "histosys": {"interpcode": "code0"}}))
        path = work / f"{name}.json"
        path.write_text(json.dumps(spec, indent=1))
        for label, flags, settings in variants:
            try:
                ours = {"limit": paramrun(binary, "limit", path, *flags)[0],
                        "fit": paramrun(binary, "fit", path, *flags)[0],
                        "significance": paramrun(binary, "significance", path, *flags)[0]}
                mus = [1.0, round(ours["limit"]["observed"], 6)]
                ours["cls"] = {mu: paramrun(binary, "cls", path, "--mu", repr(mu), *flags)[0] for mu in mus}
            except Exception as error:  # a command that fails is a mismatch to report, not a crash
                tally.check(False, f"{label}: {error}")
                continue
            tally.check(True, "")
            values = [ours["limit"]["observed"], *ours["limit"]["expected"]]
            bracket = (0.97 * min(values), 1.03 * max(values))
            jobs.append((label, spec, settings, ours, pool.submit(pyhf_results, spec, settings, mus, bracket)))
    if not code_flags:
        print("note: paramrun cls has no --normsys-interpolation; the code1/code0 variants are skipped")
    for label, spec, settings, ours, future in jobs:
        try:
            compare(tally, label, ours, future.result(), spec, settings)
        except Exception as error:
            tally.check(False, f"{label}: pyhf: {error}")


def patchset(folder, patches):
    """The patches as one pyhf patchset (schema 1.0.0), validated by pyhf itself."""
    entries = []
    for path in patches:
        name = path.stem.removeprefix("patch.")
        masses = [float(x) for x in name.split("_")[1:]]
        entries.append({"metadata": {"name": name, "values": masses}, "patch": json.loads(path.read_text())})
    background = json.loads((folder / "BkgOnly.json").read_text())
    digest = pyhf.utils.digest(background)
    document = {
        "metadata": {"name": "sbottom-regionA", "references": {"hepdata": "ins1748602"},
                     "description": "signal patches of the ATLAS sbottom multi-b search, region A",
                     "digests": {"sha256": digest}, "labels": ["m_sbottom", "m_neutralino2", "m_neutralino1"]},
        "patches": entries,
        "version": "1.0.0",
    }
    pyhf.PatchSet(document)
    return document


def sbottom(tally, binary, folder, work, pool):
    patches = sorted(folder.glob("patch.*.json"))
    limit = int(os.environ.get("LIKELIHOOD_INTEROP_PATCHES", len(patches)))
    patches = patches[:limit]
    if not patches:
        print("note: LIKELIHOOD_INTEROP_PATCHES=0, no sbottom patch checked")
        return
    background = folder / "BkgOnly.json"
    arguments = [a for p in patches for a in ("--patch", str(p))]
    start = time.perf_counter()
    try:
        cls = paramrun(binary, "cls", background, *arguments)
    except Exception as error:
        tally.check(False, f"sbottom cls: {error}")
        return
    seconds = time.perf_counter() - start
    names = [p.stem.removeprefix("patch.") for p in patches]
    tally.check(len(cls) == len(patches) and all(names[i] in line.get("patch", "") for i, line in enumerate(cls)),
                f"sbottom: {len(cls)} cls lines for {len(patches)} patches, in order {[l.get('patch') for l in cls]}")
    document = patchset(folder, patches)
    set_path = work / "sbottom.patchset.json"
    set_path.write_text(json.dumps(document))
    try:
        via_set = paramrun(binary, "cls", background, "--patch", str(set_path))
        one = paramrun(binary, "cls", background, "--patch", f"{set_path}:{names[-1]}")
        same = [(a["cls_observed"], a["cls_expected"]) for a in via_set] == [
            (a["cls_observed"], a["cls_expected"]) for a in cls]
        tally.check(same and one[0]["cls_observed"] == cls[-1]["cls_observed"],
                    "sbottom: the patchset (whole, or one patch by name) does not give the patch files' CLs "
                    "bit for bit")
    except Exception as error:
        tally.check(False, f"sbottom patchset: {error}")
    spec = json.loads(background.read_text())
    jobs = []
    for patch, name, ours_cls in zip(patches, names, cls):
        try:
            ours = {"cls": {1.0: ours_cls},
                    "limit": paramrun(binary, "limit", background, "--patch", str(patch))[0],
                    "fit": paramrun(binary, "fit", background, "--patch", str(patch))[0],
                    "significance": paramrun(binary, "significance", background, "--patch", str(patch))[0]}
        except Exception as error:
            tally.check(False, f"sbottom {name}: {error}")
            continue
        values = [ours["limit"]["observed"], *ours["limit"]["expected"]]
        patched = jsonpatch.apply_patch(spec, json.loads(patch.read_text()))
        jobs.append((name, patched, ours, pool.submit(pyhf_results, patched, None, [1.0], limit_check=values)))
    pyhf_seconds = []
    for name, patched, ours, future in jobs:
        try:
            theirs = future.result()
        except Exception as error:
            tally.check(False, f"sbottom {name}: pyhf: {error}")
            continue
        pyhf_seconds.append(theirs["seconds"]["cls"])
        compare(tally, f"sbottom {name}", ours, theirs, patched)
    if pyhf_seconds:
        print(f"sbottom: paramrun cls on {len(patches)} patches in {seconds:.2f} s (one process, every core); "
              f"pyhf hypotest {sum(pyhf_seconds) / len(pyhf_seconds):.2f} s per patch")


def main(binary, folder, work):
    tally = Tally()
    workers = max(1, os.cpu_count() or 1)
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        print("-- (a, b) built workspaces: every modifier, validation-style examples", flush=True)
        small_workspaces(tally, binary, work, pool)
        print("-- bad input: exit 2, the file and the JSON path named, nothing on stdout", flush=True)
        bad_inputs.check_all(tally, binary, work, workspaces.every_modifier(1, 0.0))
        print("-- (c) sbottom region A: BkgOnly + every signal patch", flush=True)
        sbottom(tally, binary, folder, work, pool)
    print(f"{tally.passed} passed, {tally.failed} failed")
    return 0 if tally.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])))
