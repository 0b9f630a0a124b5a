namespace TrainingService.Engine.Training;

/// <summary>
/// What one finished epoch achieved. <see cref="TrainLoss"/> is the mean over the epoch's batches of
/// the data loss plus the regularization penalty, measured while training (dropout active, weights
/// moving); <see cref="ValidationLoss"/> is the data loss of a full inference pass over the validation
/// set after the epoch plus the same penalty (so the two are comparable), null without one. Metric keys
/// are <see cref="Metrics.MetricNames"/>: accuracy and macro precision/recall/F1 for classification,
/// mse/rmse/mae/r2 for regression. <see cref="Duration"/> covers training and validation;
/// <see cref="SamplesPerSecond"/> is training rows over training time.
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
