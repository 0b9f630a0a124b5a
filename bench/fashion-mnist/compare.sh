#!/usr/bin/env bash
# Runs the engine's Fashion-MNIST bench and the PyTorch peer side by side, at 1 and 2 threads (or the
# counts given with --threads-list), same data and settings, in one run, and prints one table: median
# epoch time over epochs 2..N with its min-max, the ratio engine/PyTorch (below 1: the engine is
# faster), final test accuracy, the 2T/1T speed-up, peak RSS (VmHWM), inference over the 10,000 test
# images (median of 5) and the engine's managed bytes allocated per batch in steady state.
# Usage: bench/fashion-mnist/compare.sh [--epochs N] [--threads-list "1 2"] [--batch N] [--seed N] [--data DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
python="${PYTHON:-/usr/bin/python3}"
epochs=10; threads_list="1 2"; batch=128; pass=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --threads-list) threads_list="$2"; shift 2 ;;
    --threads) threads_list="$2"; shift 2 ;;
    --batch) batch="$2"; pass+=("$1" "$2"); shift 2 ;;
    --seed|--data) pass+=("$1" "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

project="$root/bench/TrainingService.Bench.FashionMnist"
dotnet build -c Release "$project" -nologo -v q >/dev/null
engine="$project/bin/Release/net10.0/TrainingService.Bench.FashionMnist"
logs="$(mktemp -d)"; trap 'rm -rf "$logs"' EXIT

for t in $threads_list; do
  echo "--- engine, $t thread(s)" >&2
  "$engine" --epochs "$epochs" --threads "$t" ${pass[@]+"${pass[@]}"} | tee "$logs/engine-$t" >&2
  echo "--- PyTorch, $t thread(s)" >&2
  "$python" "$root/bench/fashion-mnist/torch_mlp.py" --epochs "$epochs" --threads "$t" ${pass[@]+"${pass[@]}"} | tee "$logs/torch-$t" >&2
done

field() { sed -n "s/^summary .*$2=\([^ ]*\).*/\1/p" "$1"; }
echo
echo "Fashion-MNIST 784-256-128-10 relu, adam 1e-3, batch $batch, $epochs epochs; $(date -u +%Y-%m-%dT%H:%MZ); load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%-7s %-8s %10s %15s %11s %9s %10s %9s %10s %11s\n' threads peer "median s" "min-max s" "ours/torch" accuracy "2T/1T" "RSS MB" "infer ms" "B/batch"
first=""
for t in $threads_list; do
  for peer in engine torch; do
    f="$logs/$peer-$t"
    med=$(field "$f" median_s); ratio="" ; speedup=""
    [[ $peer == engine ]] && ratio=$(awk -v e="$med" -v p="$(field "$logs/torch-$t" median_s)" 'BEGIN { printf "%.2f", e / p }')
    base=$(field "$logs/$peer-${threads_list%% *}" median_s)
    speedup=$(awk -v b="$base" -v m="$med" 'BEGIN { printf "%.2f", b / m }')
    printf '%-7s %-8s %10.3f %7.3f-%-7.3f %11s %9s %10s %9.0f %10.1f %11s\n' "$t" "$peer" "$med" \
      "$(field "$f" min_s)" "$(field "$f" max_s)" "$ratio" "$(field "$f" accuracy)" "$speedup" \
      "$(field "$f" peak_rss_mb)" "$(awk -v s="$(field "$f" infer_s)" 'BEGIN { print s * 1000 }')" "$(field "$f" alloc_per_batch)"
  done
done
for t in $threads_list; do
  awk -v e="$(field "$logs/engine-$t" infer_s)" -v p="$(field "$logs/torch-$t" infer_s)" -v t="$t" \
    'BEGIN { printf "inference %sT: engine/PyTorch %.2f\n", t, e / p }'
done
