using TrainingService.Engine.Metrics;

namespace TrainingService.Engine.Regularization;

/// <summary>
/// Stop training when <see cref="Monitor"/> has not improved by more than <see cref="MinDelta"/> for
/// <see cref="Patience"/> consecutive epochs. <see cref="Mode"/> null picks the natural direction
/// (see <see cref="MetricMonitor.ResolveMode"/>). A validation monitor falls back to its training
/// counterpart when the run has no validation set.
/// </summary>
public sealed record EarlyStoppingOptions
{
    public string Monitor { get; init; } = MetricMonitor.ValidationLoss;

    public MonitorMode? Mode { get; init; }

    public int Patience { get; init; } = 10;

    public double MinDelta { get; init; }

    /// <summary>When stopping early, put back the parameter values of the best epoch.</summary>
    public bool RestoreBestWeights { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> whose ParamName is the offending field (e.g. <c>earlyStopping.patience</c>).</summary>
    public void Validate(string prefix = "earlyStopping")
    {
        if (Patience < 0) throw new ArgumentException($"{prefix}.patience: must be ≥ 0, got {Patience}.", $"{prefix}.patience");
        if (!(MinDelta >= 0)) throw new ArgumentException($"{prefix}.minDelta: must be ≥ 0, got {MinDelta}.", $"{prefix}.minDelta");
        if (Mode is { } m && !Enum.IsDefined(m)) throw new ArgumentException($"{prefix}.mode: unknown mode {(int)m}.", $"{prefix}.mode");
        try
        {
            MetricMonitor.Parse(Monitor);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{prefix}.monitor: {e.Message}", $"{prefix}.monitor", e);
        }
    }
}
