#!/usr/bin/env bash
# Side-by-side GEMM comparison: our Gemm.Multiply vs OpenBLAS sgemm (numpy) on the engine's
# training shapes at 1 and 2 threads. Prints one table of median GFLOPS and their ratio.
#   bench/gemm/compare.sh            one round
#   ROUNDS=3 bench/gemm/compare.sh   alternate ours/OpenBLAS three times, median of the rounds
# Needs: apt-get install python3-numpy libopenblas0-openmp (see bench/README.md).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
project="$root/bench/TrainingService.Bench.Kernels"
rounds="${ROUNDS:-1}"
python=/usr/bin/python3   # Debian's python, the one that sees python3-numpy
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

dotnet build "$project" -c Release -v quiet -nologo >/dev/null
dll="$project/bin/Release/net10.0/TrainingService.Bench.Kernels.dll"

for ((r = 1; r <= rounds; r++)); do
    echo "# round $r/$rounds: ours" >&2
    dotnet "$dll" --gemm-compare --peer 1 2 >>"$out/ours.tsv"
    for t in 1 2; do
        echo "# round $r/$rounds: OpenBLAS, $t thread(s)" >&2
        OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t "$python" "$here/openblas_gemm.py" \
            | sed 's/^/openblas\t/' >>"$out/results.tsv"
    done
done

"$python" - "$out/ours.tsv" "$out/results.tsv" <<'PY'
import math, statistics, sys
runs, order = {}, []
def add(who, key, value):
    if key not in order:
        order.append(key)
    runs.setdefault((who, key), []).append(value)
for line in open(sys.argv[1]):
    shape, threads, ours, *peer = line.rstrip("\n").split("\t")
    add("ours", (shape, int(threads)), float(ours))
    if peer:
        add("inproc", (shape, int(threads)), float(peer[0]))
for line in open(sys.argv[2]):
    who, shape, threads, gflops = line.rstrip("\n").split("\t")
    add(who, (shape, int(threads)), float(gflops))
def med(who, key):
    values = runs.get((who, key))
    return statistics.median(values) if values else math.nan
print("median GFLOPS; OpenBLAS = numpy in its own process, OpenBLAS* = cblas_sgemm in our process,")
print("sampled alternately with ours (the fairer ratio on a loaded machine)")
print(f"{'shape (op m x n x k)':<22}{'threads':>8}{'ours':>9}{'OpenBLAS':>10}{'ratio':>7}{'OpenBLAS*':>11}{'ratio*':>8}")
for shape in dict.fromkeys(k[0] for k in order):
    for threads in sorted(t for s, t in order if s == shape):
        key = (shape, threads)
        ours, blas, inproc = med("ours", key), med("openblas", key), med("inproc", key)
        print(f"{shape:<22}{threads:>8}{ours:>9.1f}{blas:>10.1f}{ours / blas:>7.2f}{inproc:>11.1f}{ours / inproc:>8.2f}")
print()
print(f"{'2T/1T speed-up':<22}{'':>8}{'ours':>9}{'OpenBLAS':>10}{'':>7}{'OpenBLAS*':>11}")
for shape in dict.fromkeys(k[0] for k in order):
    s = [med(w, (shape, 2)) / med(w, (shape, 1)) for w in ("ours", "openblas", "inproc")]
    print(f"{shape:<22}{'':>8}{s[0]:>9.2f}{s[1]:>10.2f}{'':>7}{s[2]:>11.2f}")
PY
