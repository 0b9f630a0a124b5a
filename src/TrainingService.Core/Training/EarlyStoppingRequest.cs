using TrainingService.Engine.Metrics;

namespace TrainingService.Core.Training;

public sealed record EarlyStoppingRequest
{
    /// <summary><c>validationLoss</c> or <c>trainLoss</c>; lower is better for both.</summary>
    public string Monitor { get; init; } = MetricMonitor.ValidationLoss;

    public int Patience { get; init; } = 5;

    public double MinDelta { get; init; }

    public bool RestoreBestWeights { get; init; } = true;
}
