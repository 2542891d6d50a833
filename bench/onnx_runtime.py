"""onnxruntime peer of `paramrun-bench onnx`: the same exported file, the same rows, one batch.

usage: onnx_runtime.py DIR ROWS THREADS REPEATS
DIR holds deep.onnx, rows.f32 (ROWS×28 float32) and paramrun_scores.f32 (paramrun-bench's scores).
Prints `RESULT onnxruntime threads=<t> <median seconds>` and the largest score difference.
"""
import statistics
import sys
import time

import numpy as np
import onnxruntime as ort


def main(directory, rows, threads, repeats):
    x = np.fromfile(f"{directory}/rows.f32", dtype=np.float32).reshape(rows, 28)
    ours = np.fromfile(f"{directory}/paramrun_scores.f32", dtype=np.float32)
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(f"{directory}/deep.onnx", options, providers=["CPUExecutionProvider"])
    scores = session.run(["score"], {"inputs": x})[0][:, 0]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        session.run(["score"], {"inputs": x})
        times.append(time.perf_counter() - start)
    print(f"# onnxruntime {ort.__version__}; max |onnxruntime - paramrun| = {np.max(np.abs(scores - ours)):.2e}")
    print(f"RESULT onnxruntime threads={threads} {statistics.median(times):.6f}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
