namespace TrainingService.Client;

/// <summary>One finished epoch of a job's history (also the data of a live <see cref="EpochEvent"/>).</summary>
public sealed record TrainingEpoch(
    int Epoch,
    double TrainLoss,
    double? ValidationLoss,
    IReadOnlyDictionary<string, double>? TrainMetrics,
    IReadOnlyDictionary<string, double>? ValidationMetrics,
    double LearningRate,
    double DurationMs);
