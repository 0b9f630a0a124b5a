#!/usr/bin/env bash
# Runs the engine's Fashion-MNIST bench and the PyTorch peer back to back with the same settings and
# prints the ratio of their median epoch times (engine / PyTorch; below 1 means the engine is faster).
# Usage: bench/fashion-mnist/compare.sh [--epochs N] [--threads N] [--batch N] [--data DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
python="${PYTHON:-/usr/bin/python3}"

engine_log="$(mktemp)"; peer_log="$(mktemp)"
trap 'rm -f "$engine_log" "$peer_log"' EXIT

dotnet run -c Release --project "$root/bench/TrainingService.Bench.FashionMnist" -- "$@" | tee "$engine_log"
"$python" "$root/bench/fashion-mnist/torch_mlp.py" "$@" | tee "$peer_log"

median() { sed -n 's/.*median epoch time ([^)]*) \([0-9.]*\) s.*/\1/p' "$1"; }
engine="$(median "$engine_log")"; peer="$(median "$peer_log")"
if [[ -n "$engine" && -n "$peer" ]]; then
  awk -v e="$engine" -v p="$peer" 'BEGIN { printf "median epoch: engine %.2f s, PyTorch %.2f s, ratio engine/PyTorch %.2f\n", e, p, e / p }'
fi
