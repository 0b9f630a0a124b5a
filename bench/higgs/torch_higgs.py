#!/usr/bin/env python3
"""Peer for TrainingService.Bench.Higgs: the same HIGGS-shaped network (28 inputs, five hidden layers of 300
tanh, one sigmoid output with binary cross-entropy on logits), SGD with momentum 0.9 at learning rate 0.05,
batch 100, reshuffled every epoch, Glorot-uniform weights and zero biases as the engine initializes them,
trained with PyTorch on CPU on the very bytes the engine bench wrote (`--data-file`, see SyntheticHiggs.cs for
the layout). Prints the same columns, the median epoch time over epochs 2..N, and the OpenBLAS kernel in use."""
import argparse
import os
import resource
import struct
import sys

import numpy as np
import threadpoolctl
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import torch_peer  # noqa: E402  (bench/torch_peer.py: the epoch loop the peers share)

HEADER = struct.Struct("<IiQiiii")  # magic, version, seed, rows, validation rows, inputs, reserved
MAGIC, VERSION = 0x53474948, 1


def load(path, seed):
    with open(path, "rb") as f:
        magic, version, file_seed, rows, validation_rows, inputs, _ = HEADER.unpack(f.read(HEADER.size))
    if magic != MAGIC or version != VERSION:
        raise SystemExit(f"{path} is not a synthetic HIGGS file of version {VERSION}")
    if file_seed != seed:
        raise SystemExit(f"{path} was made with seed {file_seed}, not {seed}")
    features = np.fromfile(path, dtype="<f4", count=rows * inputs, offset=HEADER.size).reshape(rows, inputs)
    labels = np.fromfile(path, dtype="<f4", count=rows, offset=HEADER.size + 4 * rows * inputs).reshape(rows, 1)
    train = rows - validation_rows
    x, y = torch.from_numpy(features), torch.from_numpy(labels)
    return x[:train], y[:train], x[train:], y[train:]


def blas_kernel():
    """The OpenBLAS core type this process runs (threadpoolctl), or what BLAS it is when not OpenBLAS."""
    for info in threadpoolctl.threadpool_info():
        if info.get("internal_api") == "openblas":
            return info.get("architecture") or "unknown"
    return "not-openblas"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-file", required=True)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    x_train, y_train, x_val, y_val = load(args.data_file, args.seed)
    layers, width = [], 28
    for _ in range(5):
        layers += [torch.nn.Linear(width, 300), torch.nn.Tanh()]
        width = 300
    layers.append(torch.nn.Linear(width, 1))
    model = torch.nn.Sequential(*layers)
    for module in model:
        if isinstance(module, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(module.weight)
            torch.nn.init.zeros_(module.bias)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    loss_fn = torch.nn.BCEWithLogitsLoss()

    kernel = blas_kernel()
    print(f"PyTorch {torch.__version__} peer (OpenBLAS kernel {kernel}): {len(x_train)} train / {len(x_val)} "
          f"validation rows, batch {args.batch}, {args.threads} thread(s), {args.epochs} epoch(s)")

    def evaluate():
        logits = model(x_val)
        return loss_fn(logits, y_val).item(), ((logits > 0).float() == y_val).float().mean().item()

    times, (val_loss, accuracy) = torch_peer.train(
        model, optimizer, loss_fn, x_train, y_train, args.batch, args.epochs, evaluate, ("val_loss", "val_acc"))
    median, low, high = torch_peer.later_epochs(times)
    print(f"final validation accuracy {accuracy:.4f}, loss {val_loss:.4f}; median epoch time (epochs 2..{len(times)}) {median:.2f} s")
    # ru_maxrss is the peak resident set in KiB on Linux (VmHWM, as the engine bench reads it).
    print(f"summary median_s={median:.4f} min_s={low:.4f} max_s={high:.4f} accuracy={accuracy:.4f} loss={val_loss:.4f} "
          f"peak_rss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} alloc_per_batch=n/a blas={kernel}")


if __name__ == "__main__":
    main()
