#!/usr/bin/python3
"""Which OpenBLAS kernel a Python peer (numpy, PyTorch) runs, and whether it is the best this CPU supports.

Debian's OpenBLAS 0.3.21 does not know every CPU it lands on and then falls back to a generic kernel
(Prescott, SSE3, on a Sapphire Rapids Xeon): 2-5x slower sgemm, and any ratio against such a peer flatters
the engine. bench/peer_blas.sh runs `peer_blas.py detect` with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
unset, sets OPENBLAS_CORETYPE to `best` when the detected kernel is a fallback, and runs it again.

    /usr/bin/python3 bench/peer_blas.py detect     # shell assignments: blas_kernel=... blas_best=... ...

The peers import `kernel()` to report the kernel they actually ran with.
"""
import os
import shlex
import subprocess
import sys

# Kernel families by the widest vector ISA their sgemm uses (openblas_get_corename() names, lower case).
# A name not listed here counts as unknown, i.e. as a fallback.
_TIERS = {
    **dict.fromkeys(["katmai", "coppermine", "northwood", "prescott", "banias", "atom", "core2", "penryn",
                     "dunnington", "nehalem", "opteron", "opteron_sse3", "barcelona", "bobcat"], 1),
    **dict.fromkeys(["sandybridge", "bulldozer", "piledriver", "steamroller", "excavator"], 2),
    **dict.fromkeys(["haswell", "zen"], 3),
    **dict.fromkeys(["skylakex", "cooperlake", "sapphirerapids"], 4),
}
_TIER_NAMES = {0: "unknown", 1: "SSE", 2: "AVX", 3: "AVX2", 4: "AVX-512"}

# Flags worth naming in a bench header: they decide which kernels ours and the peer's can use.
ISA_FLAGS = ["avx", "avx2", "fma", "avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl", "avx512_vnni",
             "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16", "amx_int8"]


def openblas():
    """threadpoolctl's entry for the OpenBLAS loaded in this process (None when BLAS is not OpenBLAS)."""
    from threadpoolctl import threadpool_info
    blas = [i for i in threadpool_info() if i.get("internal_api") == "openblas"]
    return blas[0] if blas else None


def kernel():
    """The OpenBLAS kernel (core name) this process runs, or 'none' when its BLAS is not OpenBLAS."""
    info = openblas()
    return (info.get("architecture") or "unknown") if info else "none"


def cpu():
    """Vendor, model name, family/model numbers and flags, from lscpu (falling back to /proc/cpuinfo)."""
    fields = {}
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"},
                             check=True).stdout
        for line in out.splitlines():
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    if "Flags" not in fields:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                key = {"vendor_id": "Vendor ID", "model name": "Model name", "cpu family": "CPU family",
                       "model": "Model", "flags": "Flags"}.get(key.strip())
                if key and key not in fields:
                    fields[key] = value.strip()
    return {
        "vendor": fields.get("Vendor ID", "unknown"),
        "model_name": fields.get("Model name", "unknown"),
        "family": fields.get("CPU family", "?"),
        "model": fields.get("Model", "?"),
        "flags": set(fields.get("Flags", "").split()),
    }


def best_kernel(info):
    """The fastest OpenBLAS 0.3.21 sgemm kernel this CPU can run ('' when only generic ones apply)."""
    flags, amd = info["flags"], info["vendor"] in ("AuthenticAMD", "HygonGenuine")
    if {"avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"} <= flags:
        # Zen 4/5 included: their AVX-512 kernels beat the AVX2 `Zen` ones (1024^3, 1 thread: 228 vs 119 GFLOPS).
        return "Cooperlake" if "avx512_bf16" in flags else "SkylakeX"
    if {"avx2", "fma"} <= flags:
        return "Zen" if amd else "Haswell"
    if "avx" in flags:
        return "Sandybridge"
    return ""


def tier(name):
    return _TIERS.get((name or "").lower(), 0)


def sgemm_ok():
    """A small sgemm against a float64 reference: the kernels that crash or miscompute on CPUs they predate
    are the reason some machines set OPENBLAS_CORETYPE, so a chosen kernel has to prove itself once."""
    import numpy as np
    rng = np.random.default_rng(7)
    a = rng.random((96, 200), dtype=np.float32) - 0.5
    b = rng.random((200, 72), dtype=np.float32) - 0.5
    error = np.abs(a @ b - a.astype(np.float64) @ b.astype(np.float64)).max()
    return bool(error < 1e-4)


def detect():
    import numpy  # noqa: F401  (loads OpenBLAS, so threadpoolctl sees it)
    info, blas = cpu(), openblas()
    name = (blas.get("architecture") or "unknown") if blas else "none"
    best = best_kernel(info)
    values = {
        "blas_kernel": name,
        "blas_version": (blas.get("version") or "?") if blas else "",
        "blas_threading": (blas.get("threading_layer") or "?") if blas else "",
        "blas_best": best,
        "blas_tier": _TIER_NAMES[tier(name)],
        "blas_best_tier": _TIER_NAMES[tier(best)],
        # Fallback: not OpenBLAS at all, a kernel OpenBLAS does not name, or one of a narrower ISA than the CPU has.
        "blas_fallback": int(blas is None or tier(name) == 0 or (best != "" and tier(name) < tier(best))),
        "blas_sgemm_ok": int(blas is not None and sgemm_ok()),
        "cpu_model": info["model_name"],
        "cpu_id": f"{info['vendor']} family {info['family']} model {info['model']}",
        "cpu_isa": " ".join(f for f in ISA_FLAGS if f in info["flags"]) or "none of " + " ".join(ISA_FLAGS[:3]),
    }
    for key, value in values.items():
        print(f"{key}={shlex.quote(str(value))}")


if __name__ == "__main__":
    if sys.argv[1:] == ["detect"]:
        detect()
    elif sys.argv[1:] == ["kernel"]:
        import numpy  # noqa: F401
        print(kernel())
    else:
        sys.exit("usage: peer_blas.py detect|kernel")
