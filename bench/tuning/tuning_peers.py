#!/usr/bin/python3
"""The Python side of the tuning benchmark (bench/tuning/compare.sh).

  data     writes the CSVs both sides read: DATASET-train.csv and DATASET-validation.csv (header label,p0..pN)
  sklearn  RandomizedSearchCV(MLPClassifier(solver='adam')) over the service's search space on a PredefinedSplit
  optuna   Optuna's TPE sampler training the same MLPClassifier, two processes sharing one study
  table    the side-by-side table from the summary lines of every run's log

The search space is the service bench's (bench/TrainingService.Bench.Tuning/TuningSearch.cs): one hidden ReLU layer
of 32..256 units (uniform integer), Adam's learning rate log-uniform in [1e-4, 1e-2], L2 log-uniform in
[1e-6, 1e-2], batch size 32, 64 or 128; a fixed number of epochs, no early stopping. Inputs are standardized with
the training rows' mean and (population) standard deviation, a constant column left unscaled, as the service does.

L2: the service adds l2 * sum(w^2) to the batch's mean loss (gradient 2 * l2 * w); scikit-learn adds
0.5 * alpha * sum(w^2) / batch_size (gradient alpha * w / batch_size). So alpha = 2 * l2 * batch_size, sampled as
l2 log-uniform and scaled by the sampled batch size: the same distribution of penalties on both sides. Neither
penalizes biases.

Both peers score the model after the last epoch (MLPClassifier keeps no best epoch); the service's objective is the
best epoch's, so its summary also carries best_last_accuracy, the like-for-like figure.
"""
import argparse
import gzip
import os
import sys
import time
import warnings

import numpy as np

BATCH_SIZES = (32, 64, 128)
UNITS = (32, 256)
LEARNING_RATE = (1e-4, 1e-2)
L2 = (1e-6, 1e-2)


def write_data(out, fashion_dir, fashion_train, fashion_validation, seed):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    os.makedirs(out, exist_ok=True)
    digits = load_digits()
    # 1,797 images of 8x8 (values 0..16): a stratified fifth (360 rows) validates.
    x_train, x_val, y_train, y_val = train_test_split(
        digits.data.astype(np.int64), digits.target, test_size=360, stratify=digits.target, random_state=seed)
    write_csv(os.path.join(out, "digits-train.csv"), x_train, y_train)
    write_csv(os.path.join(out, "digits-validation.csv"), x_val, y_val)

    # Fashion-MNIST: the first rows of the training file train, the first rows of the test file validate.
    images = read_idx(os.path.join(fashion_dir, "train-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(fashion_dir, "train-labels-idx1-ubyte.gz"))
    write_csv(os.path.join(out, "fashion-train.csv"), images[:fashion_train].reshape(fashion_train, -1), labels[:fashion_train])
    images = read_idx(os.path.join(fashion_dir, "t10k-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(fashion_dir, "t10k-labels-idx1-ubyte.gz"))
    write_csv(os.path.join(out, "fashion-validation.csv"), images[:fashion_validation].reshape(fashion_validation, -1),
              labels[:fashion_validation])
    print(f"wrote digits ({len(y_train)} + {len(y_val)} rows x 64) and fashion ({fashion_train} + {fashion_validation} rows x 784) to {out}",
          file=sys.stderr)


def read_idx(path):
    with (gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")) as f:
        data = f.read()
    dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def write_csv(path, x, y):
    header = "label," + ",".join(f"p{i}" for i in range(x.shape[1]))
    np.savetxt(path, np.column_stack([y, x]).astype(np.int64), fmt="%d", delimiter=",", header=header, comments="")


def load(data, dataset):
    """float32 features standardized on the training rows, integer labels."""
    train = np.loadtxt(os.path.join(data, f"{dataset}-train.csv"), delimiter=",", skiprows=1, dtype=np.float64)
    val = np.loadtxt(os.path.join(data, f"{dataset}-validation.csv"), delimiter=",", skiprows=1, dtype=np.float64)
    mean = train[:, 1:].mean(axis=0)
    std = train[:, 1:].std(axis=0)
    std[std <= 1e-12] = 1.0
    scale = lambda rows: ((rows[:, 1:] - mean) / std).astype(np.float32)
    return scale(train), train[:, 0].astype(np.int64), scale(val), val[:, 0].astype(np.int64)


def mlp(epochs, seed, **params):
    from sklearn.neural_network import MLPClassifier
    # max_iter counts epochs for adam; tol=0 and n_iter_no_change=epochs so every trial trains every epoch, as ours.
    return MLPClassifier(solver="adam", activation="relu", max_iter=epochs, early_stopping=False, tol=0.0,
                         n_iter_no_change=epochs, shuffle=True, random_state=seed, **params)


class HiddenUnits:
    """One hidden layer of a uniform integer number of units, as hidden_layer_sizes wants it (a tuple)."""

    def rvs(self, random_state=None):
        from scipy.stats import randint
        return (int(randint(UNITS[0], UNITS[1] + 1).rvs(random_state=random_state)),)


def run_sklearn(args):
    from scipy.stats import loguniform
    from sklearn.model_selection import PredefinedSplit, RandomizedSearchCV

    x_train, y_train, x_val, y_val = load(args.data, args.dataset)
    x = np.vstack([x_train, x_val])
    y = np.concatenate([y_train, y_val])
    fold = np.concatenate([np.full(len(y_train), -1), np.zeros(len(y_val), dtype=np.int64)])
    # One dict per batch size (RandomizedSearchCV picks one uniformly, then samples it), so alpha can be
    # 2 * l2 * batch_size with l2 log-uniform: alpha log-uniform over the scaled range.
    space = [{"batch_size": [b], "hidden_layer_sizes": HiddenUnits(), "learning_rate_init": loguniform(*LEARNING_RATE),
              "alpha": loguniform(2 * b * L2[0], 2 * b * L2[1])} for b in BATCH_SIZES]
    search = RandomizedSearchCV(mlp(args.epochs, args.seed), space, n_iter=args.trials, cv=PredefinedSplit(fold),
                                n_jobs=args.parallel, random_state=args.seed, refit=False, scoring="accuracy")
    start = time.perf_counter()
    search.fit(x, y)
    wall = time.perf_counter() - start
    results = search.cv_results_
    fit = float(np.sum(results["mean_fit_time"]) + np.sum(results["mean_score_time"]))
    for i in range(len(results["params"])):
        print(f"  trial {i:2d}  accuracy {results['mean_test_score'][i]:.4f}  fit {results['mean_fit_time'][i]:6.2f} s  "
              f"{describe(results['params'][i])}")
    best = search.best_params_
    summary("sklearn", args, search.best_score_, wall, fit, describe(best))


def run_optuna(args):
    import multiprocessing
    import optuna

    x_train, y_train, x_val, y_val = load(args.data, args.dataset)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    path = os.path.join(args.work, f"optuna-{args.dataset}-{args.round}-{os.getpid()}.journal")
    storage = optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(path))
    study = optuna.create_study(study_name="bench", storage=storage, direction="maximize")

    def objective(trial):
        units = trial.suggest_int("units", *UNITS)
        learning_rate = trial.suggest_float("learning_rate", *LEARNING_RATE, log=True)
        l2 = trial.suggest_float("l2", *L2, log=True)
        batch = trial.suggest_categorical("batch_size", list(BATCH_SIZES))
        started = time.perf_counter()
        model = mlp(args.epochs, args.seed, hidden_layer_sizes=(units,), learning_rate_init=learning_rate,
                    alpha=2 * l2 * batch, batch_size=batch)
        model.fit(x_train, y_train)
        trial.set_user_attr("fit_s", time.perf_counter() - started)
        return float(model.score(x_val, y_val))

    def worker(index, trials):
        # Each process its own TPE sampler (seeded apart), both reading and writing the one study.
        shared = optuna.load_study(study_name="bench", storage=storage,
                                   sampler=optuna.samplers.TPESampler(seed=args.seed + index))
        shared.optimize(objective, n_trials=trials)

    # Forked after the imports and the data load: the wall time is the search's, as for the other peers.
    context = multiprocessing.get_context("fork")
    shares = [args.trials // args.parallel + (1 if i < args.trials % args.parallel else 0) for i in range(args.parallel)]
    start = time.perf_counter()
    processes = [context.Process(target=worker, args=(i, n)) for i, n in enumerate(shares)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    wall = time.perf_counter() - start
    if any(p.exitcode != 0 for p in processes):
        sys.exit(f"an Optuna worker failed: exit codes {[p.exitcode for p in processes]}")
    done = [t for t in study.get_trials() if t.state == optuna.trial.TrialState.COMPLETE]
    for t in done:
        print(f"  trial {t.number:2d}  accuracy {t.value:.4f}  fit {t.user_attrs['fit_s']:6.2f} s  {describe(t.params)}")
    summary("optuna", args, study.best_value, wall, sum(t.user_attrs["fit_s"] for t in done), describe(study.best_params),
            trials=len(done))
    os.remove(path)


def describe(params):
    def text(v):
        if isinstance(v, tuple):
            return "x".join(str(u) for u in v)
        return f"{v:.4g}" if isinstance(v, float) else str(v)
    return ",".join(f"{k}:{text(v)}" for k, v in sorted(params.items()))


def blas_kernel():
    """The OpenBLAS kernel numpy runs (compare.sh checks it against bench/peer_blas.sh's probe)."""
    from threadpoolctl import threadpool_info
    return next((i.get("architecture") or "unknown" for i in threadpool_info() if i.get("internal_api") == "openblas"), "none")


def summary(peer, args, best, wall, fit, params, trials=None):
    import sklearn
    version = sklearn.__version__
    if peer == "optuna":
        import optuna
        version = f"{optuna.__version__}+sklearn{sklearn.__version__}"
    print(f"summary peer={peer} dataset={args.dataset} variant=off round={args.round} trials={trials or args.trials} "
          f"best_accuracy={best:.4f} best_last_accuracy={best:.4f} wall_s={wall:.3f} running_s={fit:.3f} "
          f"epochs={(trials or args.trials) * args.epochs} "
          f"version={version} blas={blas_kernel()} best={params}", flush=True)


def table(args):
    """Per dataset and variant: each peer's medians over rounds and ours/peer as the median of per-round ratios."""
    rows = []
    for name in sorted(n for n in os.listdir(args.logs) if n.endswith(".log")):
        with open(os.path.join(args.logs, name)) as f:
            for line in f:
                if line.startswith("summary "):
                    rows.append(dict(kv.split("=", 1) for kv in line.split()[1:]))
    med = lambda v: float(np.median(v)) if len(v) else float("nan")
    span = lambda v: f"{min(v):.2f}-{max(v):.2f}" if len(v) else "-"
    print("| dataset | search | best val. accuracy (median; rounds) | best last-epoch accuracy | wall s (median; rounds) "
          "| ours/peer wall (median of rounds; range) | trials' running s | epochs' own s | epochs trained |")
    print("|---|---|---|---|---|---|---|---|---|")
    for dataset in dict.fromkeys(r["dataset"] for r in rows):
        of = [r for r in rows if r["dataset"] == dataset]
        ours = {int(r["round"]): float(r["wall_s"]) for r in of if r["peer"] == "ours" and r["variant"] == "off"}
        order = {"ours": 0, "sklearn": 1, "optuna": 2}
        for peer, variant in sorted(dict.fromkeys((r["peer"], r["variant"]) for r in of),
                                    key=lambda k: (order.get(k[0], 3), k[1] != "off", k[1])):
            runs = [r for r in of if r["peer"] == peer and r["variant"] == variant]
            acc = [float(r["best_accuracy"]) for r in runs]
            last = [float(r["best_last_accuracy"]) for r in runs]
            wall = [float(r["wall_s"]) for r in runs]
            running = [float(r["running_s"]) for r in runs]
            ratio = "-"
            if peer != "ours":
                ratios = [ours[int(r["round"])] / float(r["wall_s"]) for r in runs if int(r["round"]) in ours]
                if ratios:
                    ratio = f"**{med(ratios):.2f}** ({span(ratios)})"
            name = {"ours": "ours, random" + (", median pruning" if variant == "median" else ""),
                    "sklearn": f"scikit-learn {runs[0].get('version', '')} RandomizedSearchCV",
                    "optuna": f"Optuna {runs[0].get('version', '').split('+')[0]} TPE"}[peer]
            epochs = med([float(r.get("epochs", "nan")) for r in runs])
            training = f"{med([float(r['training_s']) for r in runs]):.1f}" if "training_s" in runs[0] else "-"
            print(f"| {dataset} | {name} | {med(acc):.4f} ({min(acc):.4f}-{max(acc):.4f}) | {med(last):.4f} "
                  f"| {med(wall):.1f} ({span(wall)}) | {ratio} | {med(running):.1f} | {training} | "
                  f"{epochs:.0f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    data = sub.add_parser("data")
    data.add_argument("--out", required=True)
    data.add_argument("--fashion", default="/usr/share/datasets/fashion-mnist/")
    data.add_argument("--fashion-train", type=int, default=10000)
    data.add_argument("--fashion-validation", type=int, default=2000)
    data.add_argument("--seed", type=int, default=1)
    for name in ("sklearn", "optuna"):
        peer = sub.add_parser(name)
        peer.add_argument("--data", required=True)
        peer.add_argument("--dataset", required=True)
        peer.add_argument("--epochs", type=int, required=True)
        peer.add_argument("--trials", type=int, default=16)
        peer.add_argument("--parallel", type=int, default=2)
        peer.add_argument("--seed", type=int, default=1)
        peer.add_argument("--round", type=int, default=1)
        peer.add_argument("--work", default="/tmp")
    logs = sub.add_parser("table")
    logs.add_argument("--logs", required=True)
    args = parser.parse_args()
    # MLPClassifier warns that max_iter epochs did not converge: the budget is fixed on purpose.
    warnings.filterwarnings("ignore", category=UserWarning)
    from sklearn.exceptions import ConvergenceWarning
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    if args.command == "data":
        write_data(args.out, args.fashion, args.fashion_train, args.fashion_validation, args.seed)
    elif args.command == "sklearn":
        run_sklearn(args)
    elif args.command == "optuna":
        run_optuna(args)
    else:
        table(args)


if __name__ == "__main__":
    main()
