namespace TrainingService.Engine.Training;

/// <summary>Trains a <see cref="Network"/> by mini-batch gradient descent.</summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="network"/> in place on <paramref name="train"/>, evaluating on
    /// <paramref name="validation"/> after each epoch when given. With <paramref name="resumeFrom"/>, the
    /// network (built from the same spec) first gets the checkpoint's weights and the run continues
    /// after the checkpoint's epoch exactly as the original run would have, given the same options and
    /// data. Cancellation and <see cref="TrainerOptions.MaxRuntime"/> are observed between batches; a
    /// partly run epoch is neither reported nor checkpointed, and its weight updates are undone: the network
    /// returns with the last completed (or, when early stopping keeps them, the best) epoch's weights
    /// (<see cref="TrainingResult.WeightsEpoch"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Options, data shapes or the checkpoint do not fit the network.</exception>
    public static TrainingResult Fit(
        Network network,
        TrainingData train,
        TrainingData? validation,
        TrainerOptions options,
        TrainingCallbacks? callbacks = null,
        TrainingCheckpoint? resumeFrom = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckShape(network, train, nameof(train));
        if (validation is not null)
            CheckShape(network, validation, nameof(validation));

        var session = new TrainingSession(network, train, validation, options);
        if (resumeFrom is not null)
            session.Restore(resumeFrom);
        return session.Run(callbacks ?? new TrainingCallbacks(), cancellationToken);
    }

    private static void CheckShape(Network network, TrainingData data, string name)
    {
        if (data.InputSize != network.InputSize)
            throw new ArgumentException($"{name}: rows have {data.InputSize} features; the network takes {network.InputSize}.", name);
        if (data.TargetSize != network.OutputSize)
            throw new ArgumentException($"{name}: targets have width {data.TargetSize}; the network outputs {network.OutputSize}.", name);
    }
}
