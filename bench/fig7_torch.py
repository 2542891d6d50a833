"""PyTorch peer of fig7's four trainings: the same networks, optimizer, schedule, minibatch and
epochs, on the same scaled events, trained one after another.

usage: fig7_torch.py STORE THREADS
STORE is an outputs/.store that holds fig7's train and scale stages (run paramrun first). For each
train stage, the events come from its scale stage's folder (features.npy, theta.npy, labels.npy,
weights.npy), θ is an input for a parameterized network, and the weights are balanced
as paramrun balances them. Only the training is timed.
Prints `MODEL name seconds` per network and `RESULT torch_fig7 threads=<t> <seconds>` in all.
"""
import glob
import json
import os
import sys
import time

import numpy as np
import torch

from nn_torch import build


def stages(store):
    found = {}
    for path in glob.glob(os.path.join(store, "*", "stage.json")):
        with open(path) as f:
            meta = json.load(f)
        found[meta["id"]] = meta
    return found


def examples(folder, parameterized):
    x = np.load(os.path.join(folder, "features.npy")).astype(np.float32)
    if parameterized:
        x = np.concatenate([x, np.load(os.path.join(folder, "theta.npy")).astype(np.float32)[:, None]], axis=1)
    y = np.load(os.path.join(folder, "labels.npy")).astype(np.float32)
    path = os.path.join(folder, "weights.npy")
    w = np.load(path).astype(np.float32) if os.path.exists(path) else np.ones_like(y)
    # Standardized, as fig7's `scale: standard` does (paramrun fits the same on these events).
    x = (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-12)
    # Each class carries half the loss.
    signal = y > 0.5
    w = w * np.where(signal, 0.5 * w.sum() / max(w[signal].sum(), 1e-12), 0.5 * w.sum() / max(w[~signal].sum(), 1e-12))
    return torch.from_numpy(x), torch.from_numpy(y[:, None]), torch.from_numpy(w[:, None].astype(np.float32))


def train(model_spec, x, y, w):
    torch.manual_seed(1)
    model = build(x.shape[1], model_spec["hidden"])
    sgd = model_spec["optimizer"]["sgd"]
    opt = torch.optim.SGD(model.parameters(), lr=sgd["learningRate"], momentum=sgd["momentum"])
    # fig7's rate × 0.89 per epoch; a constant schedule is a factor of 1.
    factor = model_spec["schedule"].get("exponential", {}).get("factor", 1.0)
    schedule = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=factor)
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="none")
    batch = model_spec["batchSize"]
    for _ in range(model_spec["epochs"]):
        perm = torch.randperm(x.shape[0])
        for start in range(0, x.shape[0], batch):
            idx = perm[start:start + batch]
            opt.zero_grad(set_to_none=True)
            loss = (loss_fn(model(x[idx]), y[idx]) * w[idx]).mean()
            loss.backward()
            opt.step()
        schedule.step()


def main():
    store, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    found = stages(store)
    total = 0.0
    for sid in sorted(s for s in found if s.startswith("train/")):
        meta = found[sid]
        spec = json.loads(meta["configuration"])["model"]
        scale = os.path.join(store, meta["inputs"]["scale/" + sid.split("/", 1)[1]])
        x, y, w = examples(scale, spec["kind"] == "parameterized")
        t0 = time.perf_counter()
        train(spec, x, y, w)
        seconds = time.perf_counter() - t0
        total += seconds
        print(f"MODEL {sid} {x.shape[0]} examples {seconds:.1f} s", flush=True)
    print(f"RESULT torch_fig7 threads={threads} {total:.2f}", flush=True)


if __name__ == "__main__":
    main()
