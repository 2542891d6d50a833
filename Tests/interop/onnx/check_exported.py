"""Checks networks that paramrun itself trained and exported (`export:` in a spec) against onnx and
onnxruntime: the checker passes; onnxruntime, fed the raw events' columns in the order the file's
metadata names, scores as `paramrun predict MODEL.onnx` does within 1e-5 absolute at five θ values;
and `paramrun predict` gives the same scores from the .onnx as from the .prmodel.
Usage: check_exported.py PARAMRUN EVENTS.csv THETAS OUTPUTS SPEC_NAME... (THETAS comma-separated)"""
import glob
import json
import os
import subprocess
import sys

import numpy as np
import onnx
import onnxruntime as ort

TOLERANCE = 1e-5
# The .onnx has the scaler folded into its first layer's float32 weights; the .prmodel scales,
# then multiplies. Both are float32 paths, so they agree to float rounding, not bit for bit.
PRMODEL_TOLERANCE = 1e-6


def read_events(path):
    """HEPMASS format: label, f0…f26, mass."""
    with open(path) as f:
        header = f.readline().lstrip("#").strip().split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    return header, data


def predict(paramrun, model, events, theta, parameterized):
    args = [paramrun, "predict", model, events] + (["--mass", repr(theta)] if parameterized else [])
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout.splitlines()
    return np.array([float(line.split(",")[1]) for line in out[1:]], dtype=np.float64)


def check_model(paramrun, events, header, data, thetas, onnx_path, prmodel_path, name):
    model = onnx.load(onnx_path)
    onnx.checker.check_model(model, full_check=True)
    meta = {p.key: p.value for p in model.metadata_props}
    features = json.loads(meta["paramrun.features"])
    parameters = json.loads(meta["paramrun.parameters"])
    order = json.loads(meta["paramrun.input_order"])
    problems = []
    if order != features + parameters:
        problems.append(f"input order {order} is not features {features} then parameters {parameters}")
    for key in ("paramrun.version", "paramrun.spec", "paramrun.stage_key", "paramrun.training_theta",
                "paramrun.training_theta_range", "paramrun.scaler"):
        if key not in meta:
            problems.append(f"no {key} metadata")
    columns = [header.index(f) for f in features]
    raw = data[:, columns].astype(np.float32)
    session = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    worst_ort = worst_prmodel = 0.0
    for theta in thetas:
        inputs = np.hstack([raw, np.full((len(raw), 1), theta, dtype=np.float32)]) if parameters else raw
        theirs = session.run(["score"], {"inputs": inputs})[0][:, 0].astype(np.float64)
        ours = predict(paramrun, onnx_path, events, theta, bool(parameters))
        from_prmodel = predict(paramrun, prmodel_path, events, theta, bool(parameters))
        worst_ort = max(worst_ort, float(np.max(np.abs(theirs - ours))))
        worst_prmodel = max(worst_prmodel, float(np.max(np.abs(ours - from_prmodel))))
    if worst_ort > TOLERANCE:
        problems.append(f"max |onnxruntime - paramrun predict .onnx| = {worst_ort:.3g} > {TOLERANCE}")
    if worst_prmodel > PRMODEL_TOLERANCE:
        problems.append(f"max |predict .onnx - predict .prmodel| = {worst_prmodel:.3g} > {PRMODEL_TOLERANCE}")
    status = "ok  " if not problems else "FAIL"
    print(f"{status} {name}: {len(raw)} events x {len(thetas)} theta, {len(order)} inputs ({meta['paramrun.scaler'][:24]}...), "
          f"max |onnxruntime - predict .onnx| = {worst_ort:.2e}, max |predict .onnx - .prmodel| = {worst_prmodel:.2e}"
          + ("" if not problems else " (" + "; ".join(problems) + ")"))
    return not problems


def main(argv):
    paramrun, events, thetas, outputs, specs = argv[1], argv[2], [float(t) for t in argv[3].split(",")], argv[4], argv[5:]
    header, data = read_events(events)
    passed = failed = 0
    for spec in specs:
        files = sorted(glob.glob(f"{outputs}/{spec}/export/*.onnx"))
        if not files:
            print(f"FAIL {spec}: no exported files under {outputs}/{spec}/export")
            failed += 1
        for onnx_path in files:
            model = os.path.basename(onnx_path)[:-len(".onnx")]
            try:
                ok = check_model(paramrun, events, header, data, thetas, onnx_path,
                                 f"{outputs}/{spec}/models/{model}.prmodel", f"{spec}/{model}")
            except Exception as error:  # a checker or runtime refusal fails this model, not the run
                print(f"FAIL {spec}/{model}: {type(error).__name__}: {error}")
                ok = False
            passed, failed = passed + ok, failed + (not ok)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
