namespace TrainingService.Client;

/// <summary>
/// A cross-validated training job's folds: each fold job with its metrics at its best epoch, and per metric
/// (<c>validationLoss</c>, <c>validationAccuracy</c>, …) the mean and standard deviation over the folds.
/// <see cref="FinalEpochs"/> is what the job trains on every row once every fold succeeded.
/// </summary>
public sealed record CrossValidationSummary(
    Guid TuningJobId,
    int Folds,
    bool Stratified,
    TrainingJobStatus Status,
    IReadOnlyList<CrossValidationFoldResult> FoldJobs,
    IReadOnlyDictionary<string, MetricSpread> Metrics,
    double? MeanBestEpoch,
    int? FinalEpochs);
