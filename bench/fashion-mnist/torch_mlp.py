#!/usr/bin/env python3
"""Peer for TrainingService.Bench.FashionMnist: the same 784-256-128-10 ReLU MLP, softmax
cross-entropy, Adam 1e-3, batch 128, reshuffled every epoch, trained with PyTorch on CPU.
Prints the same columns and the median epoch time over epochs 2..N, for a side-by-side ratio."""
import argparse
import gzip
import os
import statistics
import struct
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from peer_blas import kernel  # noqa: E402  (bench/peer_blas.py: the OpenBLAS kernel torch runs here)
import torch_peer  # noqa: E402  (bench/torch_peer.py: the epoch loop the peers share)


def read_idx(directory, name):
    for candidate in (name, name + ".gz"):
        path = os.path.join(directory, candidate)
        if os.path.exists(path):
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rb") as f:
                data = f.read()
            dims = data[3]
            shape = struct.unpack(">" + "i" * dims, data[4:4 + 4 * dims])
            return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
    raise FileNotFoundError(f"{name}[.gz] not found in {directory}")


def load(directory, prefix):
    images = read_idx(directory, f"{prefix}-images-idx3-ubyte").reshape(-1, 784).astype(np.float32) / 255.0
    labels = read_idx(directory, f"{prefix}-labels-idx1-ubyte").astype(np.int64)
    return torch.from_numpy(images), torch.from_numpy(labels)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist/")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    x_train, y_train = load(args.data, "train")
    x_test, y_test = load(args.data, "t10k")
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()

    print(f"PyTorch {torch.__version__} peer: {len(x_train)} train / {len(x_test)} test rows, "
          f"batch {args.batch}, {args.threads} thread(s), {args.epochs} epoch(s)")
    times, (accuracy,) = torch_peer.train(
        model, optimizer, loss_fn, x_train, y_train, args.batch, args.epochs,
        lambda: ((model(x_test).argmax(1) == y_test).float().mean().item(),), ("test_acc",))
    median, low, high = torch_peer.later_epochs(times)
    print(f"final test accuracy {accuracy:.4f}; median epoch time (epochs 2..{len(times)}) {median:.2f} s")

    # Inference: forward over the whole test split under no_grad, median of 5 after one warm-up.
    infer = []
    with torch.no_grad():
        model(x_test)
        for _ in range(5):
            start = time.perf_counter()
            model(x_test)
            infer.append(time.perf_counter() - start)
    # Serving sizes: one row and small batches, median of 400 calls each after a warm-up.
    latency = []
    with torch.no_grad():
        for rows in (1, 16, 64, 256):
            x = x_test[:rows]
            for _ in range(50):
                model(x)
            calls = []
            for _ in range(400):
                start = time.perf_counter()
                model(x)
                calls.append(time.perf_counter() - start)
            latency.append(f"{rows}:{statistics.median(calls) * 1e6:.1f}")
    print(f"summary median_s={median:.4f} min_s={low:.4f} max_s={high:.4f} accuracy={accuracy:.4f} "
          f"infer_s={statistics.median(infer):.4f} peak_rss_mb={peak_rss_mb():.0f} alloc_per_batch=n/a "
          f"latency_us={','.join(latency)} epochs_s={','.join(f'{t:.4f}' for t in times[1:]) or 'n/a'} blas={kernel()} version={torch.__version__}")


def peak_rss_mb():
    """VmHWM of /proc/self/status: the process's peak resident set, in MiB."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


if __name__ == "__main__":
    main()
