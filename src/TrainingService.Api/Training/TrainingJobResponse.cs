using TrainingService.Core.Training;

namespace TrainingService.Api.Training;

public sealed record TrainingJobResponse(
    Guid Id,
    Guid ModelId,
    Guid DatasetId,
    Guid? ValidationDatasetId,
    TrainingJobStatus Status,
    int Epochs,
    int EpochsCompleted,
    double Progress,
    double? TrainLoss,
    double? ValidationLoss,
    int? BestEpoch,
    double? BestValidationLoss,
    IReadOnlyDictionary<string, double>? Metrics,
    string? StopReason,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? SamplesPerSecond,
    long? PlannedMemoryBytes,
    int Attempts,
    TrainingJobParameters Options)
{
    public static TrainingJobResponse From(TrainingJob job) => new(
        job.Id, job.ModelId, job.DatasetId, job.ValidationDatasetId, job.Status, job.Epochs, job.EpochsCompleted,
        job.Status == TrainingJobStatus.Succeeded ? 1.0 : job.Epochs == 0 ? 0 : Math.Min(1.0, (double)job.EpochsCompleted / job.Epochs),
        job.TrainLoss, job.ValidationLoss, job.BestEpoch, job.BestValidationLoss,
        job.Metrics, job.StopReason, job.Error,
        job.CreatedAt, job.StartedAt, job.FinishedAt, job.SamplesPerSecond,
        job.PlannedMemoryBytes, job.Attempts,
        job.Parameters);
}
