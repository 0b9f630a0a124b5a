namespace TrainingService.Core.Training;

/// <summary>The history row of one finished epoch; (job, epoch) is the key, so a re-run upserts instead of duplicating.</summary>
public sealed class TrainingEpoch
{
    public Guid TrainingJobId { get; set; }

    public int Epoch { get; set; }

    public double TrainLoss { get; set; }

    public double? ValidationLoss { get; set; }

    /// <summary>Metric values by name, stored as a jsonb object.</summary>
    public IReadOnlyDictionary<string, double>? TrainMetrics { get; set; }

    /// <summary>Metric values by name, stored as a jsonb object.</summary>
    public IReadOnlyDictionary<string, double>? ValidationMetrics { get; set; }

    public double LearningRate { get; set; }

    public double DurationMs { get; set; }
}
