#!/usr/bin/env bash
# The service's random search against scikit-learn's RandomizedSearchCV and Optuna's TPE (both training
# scikit-learn's MLPClassifier), side by side in rounds, on scikit-learn's digits and 10,000 Fashion-MNIST rows:
# the same train/validation CSVs, search space, epoch budget, trial count and 2 trials at once on both sides.
# Per dataset it prints the best validation accuracy and the wall time of each search, and ours/peer as the median
# of the per-round ratios. See bench/README.md ("Hyperparameter tuning") for what each side's time includes.
# Usage: bench/tuning/compare.sh [--rounds 2] [--datasets "digits fashion"] [--digits-epochs 30]
#          [--fashion-epochs 10] [--trials 16] [--parallel 2] [--seed 1] [--pruning off,median]
#          [--peers "sklearn optuna"] [--postgres <connection string>]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
python="${PYTHON:-/usr/bin/python3}"
rounds="${ROUNDS:-2}"; datasets="digits fashion"; digits_epochs=30; fashion_epochs=10; trials=16; parallel=2; seed=1
pruning="off,median"; peers="sklearn optuna"; postgres="${TRAININGSERVICE_TEST_POSTGRES:-}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --datasets) datasets="$2"; shift 2 ;;
    --digits-epochs) digits_epochs="$2"; shift 2 ;;
    --fashion-epochs) fashion_epochs="$2"; shift 2 ;;
    --trials) trials="$2"; shift 2 ;;
    --parallel) parallel="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --pruning) pruning="$2"; shift 2 ;;
    --peers) peers="$2"; shift 2 ;;
    --postgres) postgres="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ -z $postgres ]]; then
  echo "No PostgreSQL: pass --postgres or set TRAININGSERVICE_TEST_POSTGRES (the bench creates and drops its own database)." >&2
  exit 2
fi
if [[ $peers == *optuna* ]] && ! "$python" -c 'import optuna' 2>/dev/null; then
  echo "Optuna is not installed (apt-get install -y python3-optuna): running without it." >&2
  peers="${peers//optuna/}"
fi
started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"; load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"; clock=$SECONDS

project="$root/bench/TrainingService.Bench.Tuning"
dotnet build -c Release "$project" -nologo -v q >/dev/null
ours="$project/bin/Release/net10.0/TrainingService.Bench.Tuning.dll"
logs="$(mktemp -d)"; trap 'rm -rf "$logs"' EXIT
data="$logs/data"
"$python" "$root/bench/tuning/tuning_peers.py" data --out "$data" --seed "$seed"

# The peers' BLAS: OpenBLAS's best kernel for this CPU (bench/peer_blas.sh), and one BLAS thread per process, so
# n_jobs=2 processes use the 2 cores as the service's 2 jobs of one engine thread each do. Our side gets no
# OPENBLAS_* variable (the engine reads none).
# shellcheck source=../peer_blas.sh
source "$root/bench/peer_blas.sh"
peer_blas_setup "$python"
echo "$peer_blas_header" >&2
peer=("${peer_env[@]}" OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONWARNINGS=ignore "$python" "$root/bench/tuning/tuning_peers.py")

epochs_of() { if [[ $1 == digits ]]; then echo "$digits_epochs"; else echo "$fashion_epochs"; fi; }
run_ours() {
  echo "--- round $1, $2, ours" >&2
  dotnet "$ours" --data "$data" --dataset "$2" --epochs "$(epochs_of "$2")" --trials "$trials" --parallel "$parallel" \
    --seed "$seed" --pruning "$pruning" --round "$1" --postgres "$postgres" | tee "$logs/$2-ours-$1.log" >&2
}
run_peer() {
  echo "--- round $1, $2, $3" >&2
  "${peer[@]}" "$3" --data "$data" --dataset "$2" --epochs "$(epochs_of "$2")" --trials "$trials" --parallel "$parallel" \
    --seed "$seed" --round "$1" --work "$logs" | tee "$logs/$2-$3-$1.log" >&2
  peer_blas_check "$3" "$(sed -n 's/^summary .* blas=\([^ ]*\).*/\1/p' "$logs/$2-$3-$1.log")"
}
for ((r = 1; r <= rounds; r++)); do
  for d in $datasets; do
    # Odd rounds ours first, even rounds ours last: load that comes and goes lands on every side.
    if ((r % 2)); then
      run_ours "$r" "$d"; for p in $peers; do run_peer "$r" "$d" "$p"; done
    else
      for p in $(echo "$peers" | tr ' ' '\n' | tac); do run_peer "$r" "$d" "$p"; done; run_ours "$r" "$d"
    fi
  done
done

echo
described=""
for d in $datasets; do
  case "$d" in
    digits) described+="; digits ($digits_epochs epochs: 1,437 train / 360 validation rows x 64)" ;;
    fashion) described+="; Fashion-MNIST ($fashion_epochs epochs: 10,000 train / 2,000 validation rows x 784)" ;;
  esac
done
echo "Random search, $trials trials, $parallel at once, seed $seed$described; $rounds round(s); $started, $((SECONDS - clock)) s"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores ($(lscpu | sed -n 's/^Thread(s) per core: *//p') thread(s) per core);" \
  "ours: one Worker, $parallel jobs x 1 engine thread; peers: n_jobs=$parallel processes x 1 BLAS thread"
echo "$peer_blas_header"
echo "load average at start $load_at_start, at end $(cut -d' ' -f1-3 /proc/loadavg)"
peer_blas_load_note "$load_at_start"
[[ $peer_blas_fair == 1 ]] || echo "NO RATIOS: $peer_blas_why"
"$python" "$root/bench/tuning/tuning_peers.py" table --logs "$logs"
