"""PyTorch peer of `paramrun-bench nn`: the same network, optimizer, data bytes and thread count.

usage: nn_torch.py DATA_FILE ROWS THREADS SECONDS [concat|affine]
DATA_FILE holds ROWS×28 float32 features, then ROWS float32 labels (written by paramrun-bench).
With `affine`, the last column is θ and every hidden layer's output h becomes s(θ)·h + b(θ), with
s and b linear maps of θ starting at s = 1, b = 0, as paramrun's `conditioning: affine` does.
Prints lines `RESULT <config> threads=<t> <examples per second>` (configs end in `_affine` then).
"""
import sys
import time

import numpy as np
import torch


class Affine(torch.nn.Module):
    """The deep network with every hidden layer scaled and shifted by linear maps of θ (the last input)."""

    def __init__(self):
        super().__init__()
        widths = [28] + [500] * 5
        self.dense = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:]))
        self.scale = torch.nn.ModuleList(torch.nn.Linear(1, 500) for _ in range(5))
        self.shift = torch.nn.ModuleList(torch.nn.Linear(1, 500) for _ in range(5))
        self.out = torch.nn.Linear(500, 1)
        with torch.no_grad():
            for m in list(self.dense) + [self.out]:
                m.weight.normal_(0.0, 0.1)
                m.bias.zero_()
            for m in list(self.scale) + list(self.shift):
                m.weight.zero_()
                m.bias.zero_()
            for m in self.scale:
                m.bias.fill_(1.0)

    def forward(self, x):
        theta = x[:, 27:28]
        h = x
        for dense, scale, shift in zip(self.dense, self.scale, self.shift):
            h = scale(theta) * torch.relu(dense(h)) + shift(theta)
        return self.out(h)


CONDITIONING = "concat"


def build(inputs=28, hidden=(500,) * 5):
    """An MLP of relu layers and one logit output, weights N(0, 0.1) and zero biases, as paramrun's;
    with CONDITIONING "affine", the deep network whose hidden layers θ scales and shifts."""
    if CONDITIONING == "affine":
        return Affine()
    layers, width = [], inputs
    for units in hidden:
        layers += [torch.nn.Linear(width, units), torch.nn.ReLU()]
        width = units
    layers.append(torch.nn.Linear(width, 1))
    model = torch.nn.Sequential(*layers)
    with torch.no_grad():
        for m in model:
            if isinstance(m, torch.nn.Linear):
                m.weight.normal_(0.0, 0.1)
                m.bias.zero_()
    return model


def epoch(model, opt, loss_fn, x, y, batch):
    perm = torch.randperm(x.shape[0])
    for start in range(0, x.shape[0], batch):
        idx = perm[start:start + batch]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        opt.step()


def train_rate(x, y, batch, seconds):
    torch.manual_seed(1)
    model = build()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.5)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    t0 = time.perf_counter()
    epoch(model, opt, loss_fn, x, y, batch)  # warm-up, as on the paramrun side
    per_epoch = time.perf_counter() - t0
    epochs = max(1, int(np.ceil(seconds / per_epoch)))
    t0 = time.perf_counter()
    for _ in range(epochs):
        epoch(model, opt, loss_fn, x, y, batch)
    return epochs * x.shape[0] / (time.perf_counter() - t0)


def infer_rate(x, seconds):
    torch.manual_seed(1)
    model = build().eval()
    with torch.inference_mode():
        def once():
            out = [torch.sigmoid(model(x[s:s + 10000])) for s in range(0, x.shape[0], 10000)]
            return torch.cat(out)
        once()
        n, t0 = 0, time.perf_counter()
        while True:
            once()
            n += x.shape[0]
            elapsed = time.perf_counter() - t0
            if elapsed >= seconds:
                return n / elapsed


def main():
    global CONDITIONING
    path, rows, threads, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    CONDITIONING = sys.argv[5] if len(sys.argv) > 5 else "concat"
    suffix = "_affine" if CONDITIONING == "affine" else ""
    torch.set_num_threads(threads)
    raw = np.fromfile(path, dtype="<f4")
    x = torch.from_numpy(raw[: rows * 28].reshape(rows, 28).copy())
    y = torch.from_numpy(raw[rows * 28: rows * 29].reshape(rows, 1).copy())
    for batch in (100, 1000):
        print(f"RESULT train_mb{batch}{suffix} threads={threads} {train_rate(x, y, batch, seconds):.0f}", flush=True)
    print(f"RESULT infer_b10000{suffix} threads={threads} {infer_rate(x, seconds):.0f}", flush=True)


if __name__ == "__main__":
    main()
