using TrainingService.Engine.Losses;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Regularization;
using TrainingService.Engine.Schedules;

namespace TrainingService.Engine.Training;

/// <summary>
/// How to train: mini-batch gradient descent over <see cref="Epochs"/> passes with the given loss,
/// optimizer, regularization, schedule and stopping rules. Defaults are the usual ones; the service's
/// job definition maps onto this record field by field.
/// </summary>
public sealed record TrainerOptions
{
    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 32;

    /// <summary>Reshuffle the training rows every epoch (from the run's seeded generator).</summary>
    public bool Shuffle { get; init; } = true;

    public LossKind Loss { get; init; } = LossKind.MeanSquaredError;

    /// <summary>Huber δ; null for the loss's default. Ignored by other losses.</summary>
    public float? HuberDelta { get; init; }

    public OptimizerSpec Optimizer { get; init; } = new();

    /// <summary>Global L1 strength on weight matrices; a layer's own setting overrides it.</summary>
    public float L1 { get; init; }

    /// <summary>Global L2 strength on weight matrices (penalty <c>l2·Σw²</c>); a layer's own setting overrides it.</summary>
    public float L2 { get; init; }

    /// <summary>Global max-norm bound on each unit's incoming weights; a layer's own setting overrides it. Null for none.</summary>
    public float? MaxNorm { get; init; }

    /// <summary>Clip gradients to this global L2 norm before each step; null for no clipping.</summary>
    public float? GradientClipNorm { get; init; }

    public LearningRateScheduleSpec Schedule { get; init; } = new();

    /// <summary>Null disables early stopping.</summary>
    public EarlyStoppingOptions? EarlyStopping { get; init; }

    /// <summary>Threads each matrix multiply may use. Same seed and same value give bit-identical runs.</summary>
    public int MaxThreads { get; init; } = 1;

    /// <summary>Seeds the shuffling. (Weight initialization and dropout are seeded by the network spec.)</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Stop (between batches) once a run has taken this long; null for no limit.</summary>
    public TimeSpan? MaxRuntime { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the offending option.</summary>
    public void Validate()
    {
        if (Epochs <= 0) throw new ArgumentException($"epochs: must be ≥ 1, got {Epochs}.", "epochs");
        if (BatchSize <= 0) throw new ArgumentException($"batchSize: must be ≥ 1, got {BatchSize}.", "batchSize");
        if (!Enum.IsDefined(Loss)) throw new ArgumentException($"loss: unknown loss {(int)Loss}.", "loss");
        if (Optimizer is null) throw new ArgumentException("optimizer: missing.", "optimizer");
        Optimizer.Validate();
        if (Schedule is null) throw new ArgumentException("schedule: missing.", "schedule");
        Schedule.Validate();
        EarlyStopping?.Validate();
        if (!(L1 >= 0f && float.IsFinite(L1))) throw new ArgumentException($"l1: must be finite and ≥ 0, got {L1}.", "l1");
        if (!(L2 >= 0f && float.IsFinite(L2))) throw new ArgumentException($"l2: must be finite and ≥ 0, got {L2}.", "l2");
        if (MaxNorm is { } m && !(m > 0f && float.IsFinite(m))) throw new ArgumentException($"maxNorm: must be finite and > 0, got {m}.", "maxNorm");
        if (GradientClipNorm is { } c && !(c > 0f && float.IsFinite(c))) throw new ArgumentException($"gradientClipNorm: must be finite and > 0, got {c}.", "gradientClipNorm");
        if (MaxThreads <= 0) throw new ArgumentException($"maxThreads: must be ≥ 1, got {MaxThreads}.", "maxThreads");
        if (MaxRuntime is { } r && r <= TimeSpan.Zero) throw new ArgumentException($"maxRuntime: must be positive, got {r}.", "maxRuntime");
    }
}
