using TrainingService.Core.Training;

namespace TrainingService.Api.Training;

public sealed record TrainingEpochResponse(
    int Epoch,
    double TrainLoss,
    double? ValidationLoss,
    IReadOnlyDictionary<string, double>? TrainMetrics,
    IReadOnlyDictionary<string, double>? ValidationMetrics,
    double LearningRate,
    double DurationMs)
{
    public static TrainingEpochResponse From(TrainingEpoch e) => new(
        e.Epoch, e.TrainLoss, e.ValidationLoss, e.TrainMetrics, e.ValidationMetrics, e.LearningRate, e.DurationMs);
}
