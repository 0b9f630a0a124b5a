"""What the PyTorch peers of the end-to-end training benches share: the epoch loop, timed as the engine's
Trainer times an epoch (shuffled mini-batches, then the evaluation pass), printed in the engine benches'
columns, and the summary of epochs 2..N (epoch 1 includes warm-up)."""
import statistics
import time

import torch


def train(model, optimizer, loss_fn, x_train, y_train, batch, epochs, evaluate, columns):
    """Trains for `epochs` epochs; after each, `evaluate()` (run under no_grad, model in eval mode) returns one
    value per name in `columns`, printed between the training loss and the epoch time. Returns the epoch
    wall times (training plus evaluation) and the last evaluation's values."""
    print("epoch  train_loss  " + "  ".join(columns) + "  epoch_s  samples/s")
    times, values = [], ()
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        model.train()
        order = torch.randperm(len(x_train))
        total = 0.0
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        train_time = time.perf_counter() - start
        model.eval()
        with torch.no_grad():
            values = evaluate()
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        shown = "  ".join(f"{v:{len(c)}.4f}" for c, v in zip(columns, values))
        print(f"{epoch:5d}  {total / len(x_train):10.4f}  {shown}  {elapsed:7.2f}  {len(x_train) / train_time:9.0f}", flush=True)
    return times, values


def later_epochs(times):
    """Median, min and max of the epoch times after the first (NaN with one epoch)."""
    later = sorted(times[1:])
    if not later:
        return float("nan"), float("nan"), float("nan")
    return statistics.median(later), later[0], later[-1]
