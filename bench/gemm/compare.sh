#!/usr/bin/env bash
# Side-by-side GEMM comparison: our Gemm.Multiply vs OpenBLAS sgemm on the engine's training shapes and
# 1024³ at 1 and 2 threads. The two sides alternate in rounds (ours, OpenBLAS through numpy, ours, ...;
# --rounds N, default 3); per shape and thread count it prints each side's median GFLOPS over the rounds
# and the median of the per-round ratios with their min-max, for numpy's OpenBLAS in its own process and
# for OpenBLAS* (cblas_sgemm in our process, sampled alternately with ours).
# The peers run OpenBLAS's best kernel for this CPU (bench/peer_blas.sh); the header names the CPU, its
# ISA flags and that kernel, and no ratio is printed against a fallback kernel.
#   bench/gemm/compare.sh [--rounds N]        (ROUNDS=N works too)
# Needs: apt-get install python3-numpy libopenblas0-openmp (see bench/README.md).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
project="$root/bench/TrainingService.Bench.Kernels"
rounds="${ROUNDS:-3}"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
python=/usr/bin/python3   # Debian's python, the one that sees python3-numpy
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck source=../peer_blas.sh
source "$root/bench/peer_blas.sh"
peer_blas_setup "$python"
echo "$peer_blas_header" >&2

dotnet build "$project" -c Release -v quiet -nologo >/dev/null
dll="$project/bin/Release/net10.0/TrainingService.Bench.Kernels.dll"

# run PREFIX FILE COMMAND...: COMMAND's stdout, each line prefixed, appended to FILE; its stderr shown and
# kept in peers.err, where the kernel checks below read each peer's "# OpenBLAS kernel: ..." line.
run() {
    local prefix="$1" file="$2" rc=0
    shift 2
    "$@" 2>"$out/err" | sed "s/^/$prefix/" >>"$file" || rc=$?
    cat "$out/err" >&2; cat "$out/err" >>"$out/peers.err"
    return "$rc"
}

for ((r = 1; r <= rounds; r++)); do
    echo "# round $r/$rounds: ours (and OpenBLAS* in the same process)" >&2
    # The peer environment reaches only the in-process OpenBLAS: our kernels never read OPENBLAS_*.
    run "$r\t" "$out/ours.tsv" "${peer_env[@]}" dotnet "$dll" --gemm-compare --peer 1 2
    for t in 1 2; do
        echo "# round $r/$rounds: OpenBLAS, $t thread(s)" >&2
        run "$r\topenblas\t" "$out/results.tsv" \
            "${peer_env[@]}" OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t "$python" "$here/openblas_gemm.py"
    done
done
while read -r name kernel; do
    peer_blas_check "$name" "$kernel"
done < <(sed -n 's/^# \(OpenBLAS\*\{0,1\}\) kernel: \([^ ]*\).*/\1 \2/p' "$out/peers.err")

echo "GEMM, $rounds rounds (ours and OpenBLAS alternating); $(date -u +%Y-%m-%dT%H:%MZ); load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
peer_blas_load_note "$load_start"
echo "$peer_blas_header"
"$python" - "$out/ours.tsv" "$out/results.tsv" "$peer_blas_fair" "$peer_blas_why" <<'PY'
import math, statistics, sys
fair, why = sys.argv[3] == "1", sys.argv[4]
runs, order = {}, []
def add(who, key, rnd, value):
    if key not in order:
        order.append(key)
    runs.setdefault((who, key), {})[rnd] = value
for line in open(sys.argv[1]):
    rnd, shape, threads, ours, *peer = line.rstrip("\n").split("\t")
    add("ours", (shape, int(threads)), rnd, float(ours))
    if peer:
        add("inproc", (shape, int(threads)), rnd, float(peer[0]))
for line in open(sys.argv[2]):
    rnd, who, shape, threads, gflops = line.rstrip("\n").split("\t")
    add(who, (shape, int(threads)), rnd, float(gflops))
def med(who, key):
    values = runs.get((who, key))
    return statistics.median(values.values()) if values else math.nan
def ratios(who, key):
    """Ours / peer round by round: median and min-max."""
    ours, peer = runs.get(("ours", key), {}), runs.get((who, key), {})
    r = [ours[k] / peer[k] for k in ours if k in peer]
    if not fair:
        return "-", "-"
    if not r:
        return "n/a", ""
    return f"{statistics.median(r):.2f}", f"{min(r):.2f}-{max(r):.2f}"
print("median GFLOPS over the rounds; ratio = ours / peer, median of the per-round ratios (min-max of the rounds);")
print("OpenBLAS = numpy in its own process, OpenBLAS* = cblas_sgemm in our process, sampled alternately with ours")
row = "{:<22}{:>8}{:>9}{:>10}{:>7}{:>12}{:>11}{:>8}{:>12}"
print(row.format("shape (op m x n x k)", "threads", "ours", "OpenBLAS", "ratio", "rounds", "OpenBLAS*", "ratio*", "rounds*"))
for shape in dict.fromkeys(k[0] for k in order):
    for threads in sorted(t for s, t in order if s == shape):
        key = (shape, threads)
        print(row.format(shape, threads, f"{med('ours', key):.1f}", f"{med('openblas', key):.1f}", *ratios("openblas", key),
                         f"{med('inproc', key):.1f}", *ratios("inproc", key)))
print()
print(f"{'2T/1T speed-up':<22}{'':>8}{'ours':>9}{'OpenBLAS':>10}{'':>7}{'':>11}{'OpenBLAS*':>11}")
for shape in dict.fromkeys(k[0] for k in order):
    s = [med(w, (shape, 2)) / med(w, (shape, 1)) for w in ("ours", "openblas", "inproc")]
    print(f"{shape:<22}{'':>8}{s[0]:>9.2f}{s[1]:>10.2f}{'':>7}{'':>11}{s[2]:>11.2f}")
if not fair:
    print(f"no ratio: {why}")
PY
