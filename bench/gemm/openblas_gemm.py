#!/usr/bin/python3
"""Median GFLOPS of OpenBLAS sgemm (through numpy) on the shapes of GemmShape.Targets.

Prints tab-separated `shape, threads, gflops` lines, timed like the C# --gemm-compare mode:
21 samples of about 20 ms each after a warm-up, median. The thread count is fixed through
OMP_NUM_THREADS / OPENBLAS_NUM_THREADS before numpy loads, so run once per thread count:

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 openblas_gemm.py
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from peer_blas import openblas  # noqa: E402  (bench/peer_blas.py, shared with the PyTorch peer)

SAMPLES = 21
SAMPLE_SECONDS = 0.02

# (transposeA, transposeB, m, n, k): keep in step with bench/TrainingService.Bench.Kernels/GemmShape.cs.
SHAPES = [
    (False, False, 128, 256, 784),
    (False, False, 128, 128, 256),
    (True, False, 784, 256, 128),
    (False, True, 128, 784, 256),
    (False, False, 1024, 1024, 1024),
]


def check_blas():
    """Fail loudly unless numpy's BLAS is OpenBLAS: the reference BLAS would make any ratio meaningless.
    Prints the kernel it runs on stderr (`# OpenBLAS kernel: ...`), which compare.sh checks."""
    info = openblas()
    if info is None:
        sys.exit("numpy is not using OpenBLAS: apt-get install libopenblas0-openmp")
    print(f"# OpenBLAS kernel: {info.get('architecture')} ({info.get('version')} {info.get('threading_layer')}, "
          f"threads={info.get('num_threads')})", file=sys.stderr)


def operands(ta, tb, m, n, k):
    rng = np.random.default_rng(1)
    a = (rng.random((k, m) if ta else (m, k), dtype=np.float32) - 0.5)
    b = (rng.random((n, k) if tb else (k, n), dtype=np.float32) - 0.5)
    # .T of a C-contiguous array is a transposed view: numpy hands it to sgemm as a transpose flag.
    return (a.T if ta else a), (b.T if tb else b), np.empty((m, n), dtype=np.float32)


def median_gflops(ta, tb, m, n, k):
    a, b, c = operands(ta, tb, m, n, k)
    flops = 2.0 * m * n * k
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            np.matmul(a, b, out=c)
        seconds = time.perf_counter() - start
        if seconds >= SAMPLE_SECONDS and calls >= 8:
            break
        calls *= 4 if seconds < SAMPLE_SECONDS / 8 else 2
    rates = []
    for _ in range(SAMPLES):
        start = time.perf_counter()
        for _ in range(calls):
            np.matmul(a, b, out=c)
        rates.append(flops * calls / (time.perf_counter() - start) / 1e9)
    rates.sort()
    # TS_BENCH_MAX=1: best sample instead of the median, as in the C# mode (tuning on a loaded machine).
    return rates[-1] if os.environ.get("TS_BENCH_MAX") else rates[SAMPLES // 2]


def main():
    threads = int(os.environ.get("OPENBLAS_NUM_THREADS") or os.environ.get("OMP_NUM_THREADS") or 0)
    check_blas()
    for ta, tb, m, n, k in SHAPES:
        name = f"{'T' if ta else 'N'}{'T' if tb else 'N'} {m}x{n}x{k}"
        print(f"{name}\t{threads}\t{median_gflops(ta, tb, m, n, k):.1f}", flush=True)


if __name__ == "__main__":
    main()
