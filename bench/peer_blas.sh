# Sourced by the compare scripts: makes the Python peers (numpy, PyTorch) run OpenBLAS's best kernel for
# this CPU, and says whether a ratio against them is fair. Bench scripts only: never in tests or CI.
#
#   source "$root/bench/peer_blas.sh"; peer_blas_setup /usr/bin/python3
#   "${peer_env[@]}" /usr/bin/python3 peer.py ...      # every peer process starts this way
#
# Some machines export OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE because older OpenBLAS builds miscompute on
# CPUs they predate; those pin the peer to a slower kernel than it would pick. So: unset both, let OpenBLAS
# detect; when it falls back to a generic kernel (or one narrower than the CPU's ISA), set
# OPENBLAS_CORETYPE to the best kernel for this CPU, detect again, and check a small sgemm's result.
# Sets: peer_env (command prefix), peer_blas_fair (1/0), peer_blas_why (why not fair), peer_blas_kernel,
# peer_blas_header (lines for a table header: CPU, ISA flags, kernel and how it was chosen).
peer_blas_setup() {
    local python="$1" here probe chosen=""
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    peer_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
    if ! probe="$("${peer_env[@]}" "$python" "$here/peer_blas.py" detect)"; then
        peer_blas_fail "the OpenBLAS probe failed (numpy or threadpoolctl missing, or OpenBLAS crashed)"
        return
    fi
    eval "$probe"
    local detected="$blas_kernel"
    if [[ $blas_fallback == 1 && -n $blas_best ]]; then
        chosen="$blas_best"
        peer_env+=(OPENBLAS_CORETYPE="$chosen")
        if ! probe="$("${peer_env[@]}" "$python" "$here/peer_blas.py" detect)"; then
            peer_blas_fail "OpenBLAS crashed with OPENBLAS_CORETYPE=$chosen (detected alone: $detected)"
            return
        fi
        eval "$probe"
    fi
    peer_blas_kernel="$blas_kernel"
    peer_blas_fair=1; peer_blas_why=""
    if [[ $blas_kernel == none ]]; then
        peer_blas_fair=0; peer_blas_why="numpy is not on OpenBLAS (apt-get install libopenblas0-openmp)"
    elif [[ $blas_fallback == 1 ]]; then
        peer_blas_fair=0
        peer_blas_why="the peer runs OpenBLAS's $blas_kernel kernel ($blas_tier), a fallback on this CPU (best: ${blas_best:-none} $blas_best_tier)"
    elif [[ $blas_sgemm_ok != 1 ]]; then
        peer_blas_fair=0; peer_blas_why="OpenBLAS's $blas_kernel kernel computes a wrong sgemm on this CPU"
    fi
    local how="detected with OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset"
    [[ -n $chosen ]] && how="OpenBLAS detected $detected, a fallback: set OPENBLAS_CORETYPE=$chosen for the peers"
    peer_blas_header="CPU: $cpu_model ($cpu_id), $(nproc) cores; ISA: $cpu_isa
peer BLAS: OpenBLAS $blas_version ($blas_threading), kernel $blas_kernel ($blas_tier; $how)"
    [[ $peer_blas_fair == 1 ]] || peer_blas_header+="
NO RATIOS: $peer_blas_why"
}

peer_blas_fail() {
    peer_blas_kernel="unknown"; peer_blas_fair=0; peer_blas_why="$1"
    peer_blas_header="CPU: $(LC_ALL=C lscpu | sed -n 's/^Model name: *//p'); peer BLAS: unknown
NO RATIOS: $1"
}

# Whether a peer process reported the kernel the probe saw (a peer that loaded another BLAS, or whose
# environment differed, must not be compared either). Usage: peer_blas_check NAME REPORTED_KERNEL
peer_blas_check() {
    if [[ $2 != "$peer_blas_kernel" && $peer_blas_fair == 1 ]]; then
        peer_blas_fair=0
        peer_blas_why="$1 ran OpenBLAS kernel '${2:-unreported}', not the probed $peer_blas_kernel"
    fi
}

# A line for the header when the 1-minute load average, at the start (given) or now, was above the cores:
# other work then shares the CPU, and PyTorch's spinning OpenMP threads can slow down many times over.
peer_blas_load_note() {
    local now cores
    now="$(cut -d' ' -f1 /proc/loadavg)"; cores="$(nproc)"
    if awk -v a="${1%% *}" -v b="$now" -v c="$cores" 'BEGIN { exit !(a > c || b > c) }'; then
        echo "BUSY MACHINE: load average above the $cores cores; read the rounds' min-max before any median"
    fi
}
