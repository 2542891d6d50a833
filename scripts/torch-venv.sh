#!/usr/bin/env bash
# Makes the bench's Python peer environment (PyTorch on the CPU, numpy) in the folder given, once.
set -euo pipefail
VENV=${1:-.bench-venv}
TORCH_VERSION=2.13.0
if ! "$VENV/bin/python" -c "import torch, numpy" 2>/dev/null; then
  python3 -m venv "$VENV"
  # The CPU-only wheel, where pip's find-links provides it; otherwise PyPI's default wheel
  # (which pulls several GB of CUDA libraries that the CPU run never uses).
  "$VENV/bin/pip" install -q "torch==${TORCH_VERSION}+cpu" numpy \
    || "$VENV/bin/pip" install -q "torch==${TORCH_VERSION}" numpy
fi
