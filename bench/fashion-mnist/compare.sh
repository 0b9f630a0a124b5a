#!/usr/bin/env bash
# Runs the engine's Fashion-MNIST bench and the PyTorch peer side by side, at 1 and 2 threads (or the
# counts given with --threads-list), same data and settings, and prints one table. The peers alternate in
# rounds (engine, PyTorch, engine, PyTorch, ...; --rounds N, default 3), so load that comes and goes on a
# shared machine lands on both sides; per thread count it reports each side's median epoch over epochs
# 2..N of all rounds (and its min-max), the median of the per-round ratios engine/PyTorch with their
# min-max (below 1: the engine is faster), final test accuracy, the 2T/1T speed-up, peak RSS (VmHWM),
# inference over the 10,000 test images (median of 5 per round, median of the rounds), prediction latency
# for 1, 16, 64 and 256 rows (the serving sizes; the engine's serving network packs its weights once, and for
# reference the trained one packs them per call) and the engine's managed bytes allocated per batch in steady state.
# PyTorch runs OpenBLAS's best kernel for this CPU (bench/peer_blas.sh); the header names the CPU, its ISA
# flags and that kernel, and no ratio is printed against a fallback kernel.
# Usage: bench/fashion-mnist/compare.sh [--epochs N] [--rounds N] [--threads-list "1 2"] [--batch N] [--seed N] [--data DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
python="${PYTHON:-/usr/bin/python3}"
epochs=10; rounds=3; threads_list="1 2"; batch=128; pass=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --threads-list) threads_list="$2"; shift 2 ;;
    --threads) threads_list="$2"; shift 2 ;;
    --batch) batch="$2"; pass+=("$1" "$2"); shift 2 ;;
    --seed|--data) pass+=("$1" "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck source=../peer_blas.sh
source "$root/bench/peer_blas.sh"
peer_blas_setup "$python"
echo "$peer_blas_header" >&2

project="$root/bench/TrainingService.Bench.FashionMnist"
dotnet build -c Release "$project" -nologo -v q >/dev/null
engine="$project/bin/Release/net10.0/TrainingService.Bench.FashionMnist"
logs="$(mktemp -d)"; trap 'rm -rf "$logs"' EXIT

for ((r = 1; r <= rounds; r++)); do
  for t in $threads_list; do
    echo "--- round $r/$rounds: engine, $t thread(s)" >&2
    "$engine" --epochs "$epochs" --threads "$t" ${pass[@]+"${pass[@]}"} | tee "$logs/engine-$t-$r" >&2
    echo "--- round $r/$rounds: PyTorch, $t thread(s)" >&2
    "${peer_env[@]}" "$python" "$root/bench/fashion-mnist/torch_mlp.py" --epochs "$epochs" --threads "$t" \
      ${pass[@]+"${pass[@]}"} | tee "$logs/torch-$t-$r" >&2
  done
done
for f in "$logs"/torch-*; do
  peer_blas_check "PyTorch (${f##*/})" "$(sed -n 's/^summary .*blas=\([^ ]*\).*/\1/p' "$f")"
done

echo
echo "Fashion-MNIST 784-256-128-10 relu, adam 1e-3, batch $batch, $epochs epochs, $rounds rounds (engine and PyTorch alternating); $(date -u +%Y-%m-%dT%H:%MZ); load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
peer_blas_load_note "$load_start"
echo "$peer_blas_header"
"$python" - "$logs" "$rounds" "$peer_blas_fair" "$peer_blas_why" $threads_list <<'PY'
import math, statistics, sys
logs, rounds, fair, why, threads_list = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4], sys.argv[5:]

def summary(peer, t, r):
    for line in open(f"{logs}/{peer}-{t}-{r}"):
        if line.startswith("summary "):
            return dict(kv.split("=", 1) for kv in line.split()[1:])
    sys.exit(f"{peer}, {t} thread(s), round {r}: no summary line")

runs = {(p, t): [summary(p, t, r) for r in range(1, rounds + 1)] for p in ("engine", "torch") for t in threads_list}
def epochs(p, t):
    return [float(x) for s in runs[p, t] if s["epochs_s"] != "n/a" for x in s["epochs_s"].split(",")]
def pooled(p, t):
    e = epochs(p, t)
    return statistics.median(e) if e else math.nan
def per_round(t, key):
    return [float(e[key]) / float(p[key]) for e, p in zip(runs["engine", t], runs["torch", t])]
def spread(values):
    return f"{min(values):.2f}-{max(values):.2f}"
def span(values, fmt):
    lo, hi = min(values), max(values)
    return fmt.format(lo) if lo == hi else (fmt + "-" + fmt).format(lo, hi)

torch_name = "PyTorch " + ".".join(runs["torch", threads_list[0]][0].get("version", "?").split(".")[:2])
head = ("threads", "peer", "median s", "min-max s", "ours/torch", "rounds", "accuracy", "2T/1T", "RSS MB", "infer ms", "B/batch")
row = "{:<7} {:<14} {:>8} {:>13} {:>10} {:>9} {:>13} {:>6} {:>6} {:>8} {:>7}"
print(row.format(*head))
base = threads_list[0]
for t in threads_list:
    ratios = per_round(t, "median_s")
    for p in ("engine", "torch"):
        e, s = epochs(p, t), runs[p, t]
        ratio = ("" if p == "torch" else f"{statistics.median(ratios):.2f}" if fair else "-")
        rng = ("" if p == "torch" else spread(ratios) if fair else "-")
        b = [float(x["alloc_per_batch"]) for x in s if x["alloc_per_batch"] != "n/a"]
        print(row.format(t, "engine" if p == "engine" else torch_name, f"{pooled(p, t):.3f}",
                         f"{min(e):.3f}-{max(e):.3f}", ratio, rng,
                         span([float(x["accuracy"]) for x in s], "{:.4f}"), f"{pooled(p, base) / pooled(p, t):.2f}",
                         f"{max(float(x['peak_rss_mb']) for x in s):.0f}",
                         f"{statistics.median(float(x['infer_s']) for x in s) * 1000:.1f}",
                         f"{statistics.median(b):.1f}" if b else "n/a"))
for t in threads_list:
    r = per_round(t, "infer_s")
    print(f"inference {t}T: engine/PyTorch " + (f"{statistics.median(r):.2f} (rounds {spread(r)})" if fair else "-"))
def latency(p, t, key="latency_us"):
    # Per row count, the median over the rounds of each round's median call.
    per_round_values = [dict(kv.split(":") for kv in s[key].split(",")) for s in runs[p, t]]
    return {rows: statistics.median(float(v[rows]) for v in per_round_values) for rows in per_round_values[0]}
for t in threads_list:
    served, packing, peer = latency("engine", t), latency("engine", t, "per_call_packing_latency_us"), latency("torch", t)
    print(f"prediction latency {t}T, µs (rows: engine serving / engine packing per call / PyTorch no_grad = serving/PyTorch): " +
          "; ".join(f"{rows}: {served[rows]:.1f} / {packing[rows]:.1f} / {peer[rows]:.1f} = {served[rows] / peer[rows]:.2f}" for rows in served))
print("ours/torch: median of the per-round ratios of median epochs; rounds: their min-max; median s and min-max s: "
      "epochs 2..N of all rounds pooled")
if not fair:
    print(f"no ratio: {why}")
PY
