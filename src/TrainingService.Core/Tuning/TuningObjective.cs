namespace TrainingService.Core.Tuning;

/// <summary>
/// What a tuning job optimizes: an epoch history value (<c>validationLoss</c>, <c>validationAccuracy</c>,
/// <c>trainRmse</c>, ...) and whether lower or higher is better. A trial's objective is the best value over its epochs.
/// </summary>
public sealed record TuningObjective
{
    public string Metric { get; init; } = "validationLoss";

    /// <summary><c>minimize</c> or <c>maximize</c>; omitted, it follows the metric (losses and errors minimize, scores maximize).</summary>
    public string? Goal { get; init; }
}
