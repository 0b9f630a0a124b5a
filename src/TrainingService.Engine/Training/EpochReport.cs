namespace TrainingService.Engine.Training;

/// <summary>
/// What one finished epoch achieved. <see cref="TrainLoss"/> is the mean over the epoch's batches of
/// the data loss plus the regularization penalty, measured while training (dropout active, weights
/// moving); <see cref="ValidationLoss"/> is the data loss of a full inference pass over the validation
/// set after the epoch, null without one. Metric keys are <see cref="Metrics.MetricNames"/>.
/// </summary>
public sealed record EpochReport(
    int Epoch,
    double TrainLoss,
    double? ValidationLoss,
    IReadOnlyDictionary<string, double> TrainMetrics,
    IReadOnlyDictionary<string, double>? ValidationMetrics,
    double LearningRate,
    TimeSpan Duration,
    double SamplesPerSecond);
