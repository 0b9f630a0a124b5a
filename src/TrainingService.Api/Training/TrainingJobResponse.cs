using TrainingService.Core.Evaluation;
using TrainingService.Core.Training;

namespace TrainingService.Api.Training;

/// <param name="DatasetId">The training dataset's id, also once the dataset is deleted (see <paramref name="Dataset"/>).</param>
/// <param name="Dataset">What the job was trained on: id, name, row count and whether the dataset has since been deleted.</param>
/// <param name="ValidationDataset">The separate validation dataset, likewise; null when validation used a split of the training rows.</param>
/// <param name="Plan">What the job trains, worked out when it was queued; null for jobs queued before plans were stored.</param>
/// <param name="Evaluation">The trained model scored once at the end on the validation rows (its <c>source</c> says
/// <c>train</c> when there were none): confusion matrix, per-class and averaged scores, log loss and ROC AUC, or RMSE,
/// MAE, R² and residual quantiles. Null until the job succeeds.</param>
/// <param name="InitFromJobId">The job whose final training state this one continues (see README "Continue training"); null for fresh weights.</param>
/// <param name="StartEpoch">Epochs trained before this job by <paramref name="InitFromJobId"/>: this job's epochs are numbered
/// StartEpoch + 1 to <paramref name="Epochs"/>, and <paramref name="Progress"/> counts only its own. 0 for fresh weights.</param>
public sealed record TrainingJobResponse(
    Guid Id,
    Guid ModelId,
    Guid DatasetId,
    Guid? ValidationDatasetId,
    TrainedOnDatasetResponse Dataset,
    TrainedOnDatasetResponse? ValidationDataset,
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
    TrainingJobParameters Options,
    TrainingPlan? Plan,
    ModelEvaluation? Evaluation,
    Guid? InitFromJobId,
    int StartEpoch)
{
    public static TrainingJobResponse From(TrainingJob job) => new(
        job.Id, job.ModelId, job.RecordedDatasetId, job.RecordedValidationDatasetId,
        new TrainedOnDatasetResponse(job.RecordedDatasetId, job.RecordedDatasetName, job.RecordedDatasetRowCount, Deleted: job.DatasetId is null),
        job.RecordedValidationDatasetId is { } validationId
            ? new TrainedOnDatasetResponse(validationId, job.RecordedValidationDatasetName ?? "", job.RecordedValidationDatasetRowCount ?? 0, Deleted: job.ValidationDatasetId is null)
            : null,
        job.Status, job.Epochs, job.EpochsCompleted,
        job.Status == TrainingJobStatus.Succeeded ? 1.0
            : job.Epochs <= job.StartEpoch ? 0
            : Math.Clamp((double)(job.EpochsCompleted - job.StartEpoch) / (job.Epochs - job.StartEpoch), 0, 1),
        job.TrainLoss, job.ValidationLoss, job.BestEpoch, job.BestValidationLoss,
        job.Metrics, job.StopReason, job.Error,
        job.CreatedAt, job.StartedAt, job.FinishedAt, job.SamplesPerSecond,
        job.PlannedMemoryBytes, job.Attempts,
        job.Parameters, job.Plan, job.Evaluation, job.InitFromJobId, job.StartEpoch);
}
