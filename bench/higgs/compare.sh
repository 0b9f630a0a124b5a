#!/usr/bin/env bash
# Runs the engine's HIGGS-shaped bench and the PyTorch peer side by side at 1 and 2 threads (or the counts of
# --threads-list), on the same synthetic data file, alternating in rounds (per round and thread count: engine,
# then PyTorch), and prints one table: per peer and thread count the median over rounds of each run's median
# epoch time (epochs 2..N, training plus the validation pass) with the min-max of all those epochs, the ratio
# engine/PyTorch as the median of the per-round ratios with their min-max (below 1: the engine is faster),
# final validation accuracy and loss, the 2T/1T speed-up and peak RSS. The header names the CPU and the
# OpenBLAS kernel PyTorch ran.
# Usage: bench/higgs/compare.sh [--epochs 3] [--rounds 2] [--threads-list "1 2"] [--seed 1] [--rows 1000000]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
python="${PYTHON:-/usr/bin/python3}"
epochs=3; rounds="${ROUNDS:-2}"; threads_list="1 2"; seed=1; rows=1000000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --threads-list|--threads) threads_list="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

project="$root/bench/TrainingService.Bench.Higgs"
dotnet build -c Release "$project" -nologo -v q >/dev/null
engine="$project/bin/Release/net10.0/TrainingService.Bench.Higgs"
logs="$(mktemp -d)"; trap 'rm -rf "$logs"' EXIT
data="$logs/higgs-synthetic.f32"
# Written once by the engine bench; every run of both peers reads these bytes.
"$engine" --data-file "$data" --write-only --seed "$seed" --rows "$rows" >&2

# The peer's BLAS: OpenBLAS's best kernel for this CPU, for the peer only (bench/peer_blas.sh, shared with the
# Fashion-MNIST and GEMM comparisons); no ratio against a fallback kernel.
# shellcheck source=../peer_blas.sh
source "$root/bench/peer_blas.sh"
peer_blas_setup "$python"
echo "$peer_blas_header" >&2

for ((r = 1; r <= rounds; r++)); do
  for t in $threads_list; do
    echo "--- round $r, engine, $t thread(s)" >&2
    "$engine" --data-file "$data" --epochs "$epochs" --threads "$t" --seed "$seed" --rows "$rows" | tee "$logs/engine-$t-$r" >&2
    echo "--- round $r, PyTorch, $t thread(s)" >&2
    "${peer_env[@]}" "$python" "$root/bench/higgs/torch_higgs.py" --data-file "$data" --epochs "$epochs" --threads "$t" --seed "$seed" \
      | tee "$logs/torch-$t-$r" >&2
  done
done

field() { sed -n "s/^summary .*$2=\([^ ]*\).*/\1/p" "$1"; }
# Per-epoch times of epochs 2..N from a run's log (the rows of its epoch table).
later_epochs() { awk '$1 ~ /^[0-9]+$/ && NF == 6 && $1 > 1 { print $5 }' "$1"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
peer_median() { for ((r = 1; r <= rounds; r++)); do field "$logs/$1-$2-$r" median_s; done | median; }
torch_kernel="$(field "$logs/torch-${threads_list%% *}-$rounds" blas)"
cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo
echo "HIGGS-shaped 28-5x300 tanh-1, BCE, momentum SGD 0.05/0.9, batch 100, $rows synthetic rows (seed $seed), $epochs epochs x $rounds rounds"
echo "$peer_blas_header"
echo "CPU: $cpu ($(nproc) cores); PyTorch's OpenBLAS kernel: $torch_kernel; $(date -u +%Y-%m-%dT%H:%MZ); load average $(cut -d' ' -f1-3 /proc/loadavg)"
[[ $peer_blas_fair == 1 ]] || echo "no ratio: $peer_blas_why"
printf '%-7s %-8s %9s %15s %22s %9s %8s %7s %7s\n' threads peer "median s" "min-max s" "engine/torch (rounds)" accuracy loss "2T/1T" "RSS MB"
base_t="${threads_list%% *}"
for t in $threads_list; do
  for peer in engine torch; do
    med="$(peer_median "$peer" "$t")"
    range="$(for ((r = 1; r <= rounds; r++)); do later_epochs "$logs/$peer-$t-$r"; done | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.3f-%.3f", lo, hi }')"
    ratio=""
    if [[ $peer == engine ]]; then
      if [[ $peer_blas_fair != 1 || $torch_kernel != "$peer_blas_kernel" ]]; then
        ratio="n/a ($torch_kernel)"
      else
        ratio="$(for ((r = 1; r <= rounds; r++)); do
            awk -v e="$(field "$logs/engine-$t-$r" median_s)" -v p="$(field "$logs/torch-$t-$r" median_s)" 'BEGIN { print e / p }'
          done | sort -g | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f (%.2f-%.2f)", m, v[1], v[NR] }')"
      fi
    fi
    speedup="$(awk -v b="$(peer_median "$peer" "$base_t")" -v m="$med" 'BEGIN { printf "%.2f", b / m }')"
    f="$logs/$peer-$t-$rounds"
    printf '%-7s %-8s %9.3f %15s %22s %9s %8s %7s %7s\n' "$t" "$peer" "$med" "$range" "$ratio" \
      "$(field "$f" accuracy)" "$(field "$f" loss)" "$speedup" "$(field "$f" peak_rss_mb)"
  done
done
