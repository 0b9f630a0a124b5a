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
    dotnet "$dll" --gemm-compare 1 2 | sed 's/^/ours\t/' >>"$out/results.tsv"
    for t in 1 2; do
        echo "# round $r/$rounds: OpenBLAS, $t thread(s)" >&2
        OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t "$python" "$here/openblas_gemm.py" \
            | sed 's/^/openblas\t/' >>"$out/results.tsv"
    done
done

"$python" - "$out/results.tsv" <<'PY'
import statistics, sys
runs = {}
order = []
for line in open(sys.argv[1]):
    who, shape, threads, gflops = line.rstrip("\n").split("\t")
    key = (shape, int(threads))
    if key not in order:
        order.append(key)
    runs.setdefault((who, key), []).append(float(gflops))
med = lambda who, key: statistics.median(runs.get((who, key), [float("nan")]))
print(f"{'shape (op m x n x k)':<22}{'threads':>8}{'ours':>10}{'OpenBLAS':>10}{'ratio':>8}")
for key in sorted(order, key=lambda k: (order.index((k[0], 1)) if (k[0], 1) in order else 0, k[1])):
    ours, blas = med("ours", key), med("openblas", key)
    print(f"{key[0]:<22}{key[1]:>8}{ours:>10.1f}{blas:>10.1f}{ours / blas:>8.2f}")
print()
print(f"{'2T/1T speed-up':<22}{'':>8}{'ours':>10}{'OpenBLAS':>10}")
for shape in dict.fromkeys(k[0] for k in order):
    s = [med(w, (shape, 2)) / med(w, (shape, 1)) for w in ("ours", "openblas")]
    print(f"{shape:<22}{'':>8}{s[0]:>10.2f}{s[1]:>10.2f}")
PY
