"""Checks onnx-fixture's models with onnx and onnxruntime: the checker passes, the graph has the
documented interface, and onnxruntime's scores equal ONNXFormat's evaluator within 1e-5 absolute,
both on the network the file was written from and on the file read back by ONNXImporter.
Usage: check.py WORKDIR CASE... [--bench STEM OUR_SECONDS]"""
import json
import statistics
import sys
import time

import numpy as np
import onnx
import onnxruntime as ort

TOLERANCE = 1e-5


def load_rows(stem):
    """The raw inputs, ONNXFormat's reference scores, and its scores of the file read back."""
    data = np.loadtxt(stem + ".csv", delimiter=",", skiprows=1, dtype=np.float64)
    return data[:, :-2].astype(np.float32), data[:, -2], data[:, -1]


def session(path, threads=0):
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def check_interface(model, inputs, parameterized):
    problems = []
    if model.ir_version != 7:
        problems.append(f"ir_version {model.ir_version}")
    opsets = {(o.domain, o.version) for o in model.opset_import}
    if opsets != {("", 13)}:
        problems.append(f"opset_import {opsets}")
    (inp,), (out,) = model.graph.input, model.graph.output
    in_dims = [d.dim_param or d.dim_value for d in inp.type.tensor_type.shape.dim]
    out_dims = [d.dim_param or d.dim_value for d in out.type.tensor_type.shape.dim]
    if inp.name != "inputs" or in_dims != ["N", inputs]:
        problems.append(f"input {inp.name} {in_dims}")
    if out.name != "score" or out_dims != ["N", 1]:
        problems.append(f"output {out.name} {out_dims}")
    meta = {p.key: p.value for p in model.metadata_props}
    order = json.loads(meta.get("paramrun.input_order", "[]"))
    params = json.loads(meta.get("paramrun.parameters", "[]"))
    if len(order) != inputs or (params == ["mass"]) != parameterized or (parameterized and order[-1] != "mass"):
        problems.append(f"metadata input order {order}, parameters {params}")
    json.loads(meta.get("paramrun.scaler", "null"))
    return problems


def check_case(stem, name):
    parameterized = "-theta-" in name
    model = onnx.load(stem + ".onnx")
    onnx.checker.check_model(model, full_check=True)
    rows, ours, read_back = load_rows(stem)
    problems = check_interface(model, rows.shape[1], parameterized)
    theirs = session(stem + ".onnx").run(["score"], {"inputs": rows})[0][:, 0].astype(np.float64)
    worst = float(np.max(np.abs(theirs - ours)))
    worst_read_back = float(np.max(np.abs(theirs - read_back)))
    if parameterized and len(np.unique(rows[:, -1])) != 5:
        problems.append("rows do not span 5 theta values")
    if worst > TOLERANCE:
        problems.append(f"max |onnxruntime - ONNXFormat| = {worst:.3g} > {TOLERANCE}")
    if worst_read_back > TOLERANCE:
        problems.append(f"max |onnxruntime - read back| = {worst_read_back:.3g} > {TOLERANCE}")
    status = "ok  " if not problems else "FAIL"
    print(f"{status} {name}: {len(rows)} rows, max |onnxruntime - ONNXFormat| = {worst:.2e}, "
          f"read back {worst_read_back:.2e}" +
          ("" if not problems else " (" + "; ".join(problems) + ")"))
    return not problems


def bench(stem, our_seconds):
    rows, _, _ = load_rows(stem)
    for threads, label in ((1, "1 thread"), (0, "default threads")):
        s = session(stem + ".onnx", threads)
        s.run(["score"], {"inputs": rows})
        times = []
        for _ in range(20):
            start = time.perf_counter()
            s.run(["score"], {"inputs": rows})
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(f"bench: onnxruntime {ort.__version__} ({label}) scores {len(rows)} rows in {median * 1e3:.2f} ms "
              f"(median of 20); ONNXFormat's Double evaluator {our_seconds * 1e3:.1f} ms; ratio {our_seconds / median:.1f}x")


def main(argv):
    workdir, rest = argv[1], argv[2:]
    bench_args = None
    if "--bench" in rest:
        i = rest.index("--bench")
        bench_args, rest = rest[i + 1:i + 3], rest[:i]
    passed = failed = 0
    for name in rest:
        try:
            ok = check_case(f"{workdir}/{name}", name)
        except Exception as error:  # a checker or runtime refusal is a failure of this case, not of the run
            print(f"FAIL {name}: {type(error).__name__}: {error}")
            ok = False
        passed, failed = passed + ok, failed + (not ok)
    if bench_args:
        bench(f"{workdir}/{bench_args[0]}", float(bench_args[1]))
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
