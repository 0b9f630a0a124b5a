namespace TrainingService.Core.Tuning;

/// <summary>A trial's objective value at one epoch, read from its stored history (null when the epoch lacks the metric).</summary>
public sealed class ObjectivePoint
{
    public Guid TrainingJobId { get; set; }

    public int Epoch { get; set; }

    public double? Value { get; set; }
}
