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
}
