using TrainingService.Core.CrossValidation;
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
/// <param name="Metrics">The latest epoch's metrics, of the rows <paramref name="MetricsSource"/> names.</param>
/// <param name="MetricsSource"><c>validation</c> (the validation rows) or <c>train</c> (no validation rows: the training rows' running metrics); null before the first epoch.</param>
/// <param name="BestValidationLoss">The validation loss of <paramref name="BestEpoch"/>.</param>
/// <param name="QueuePosition">1-based place among all tenants' queued jobs in the order the workers take them (oldest first); null unless queued.</param>
/// <param name="EtaSeconds">Seconds until the job's last epoch ends at the current rate (validation time not counted); null unless running with a rate.</param>
/// <param name="BatchesCompleted">Batches done within the epoch in progress (epoch <paramref name="EpochsCompleted"/> + 1), updated about twice a second.</param>
/// <param name="LastHeartbeatAt">When the worker holding the job last said it is alive.</param>
/// <param name="Stale">True when the job is held by a worker whose heartbeat stopped (killed or lost): it will be fetched again and resume from its last epoch.</param>
/// <param name="Transitions">Every state change with time and reason (queued, started on worker X, re-queued, resumed after epoch k, cancel requested, ended); only on GET of one job.</param>
/// <param name="TuningJobId">The tuning job this job is a trial of, with <paramref name="TrialIndex"/> and the sampled
/// <paramref name="TrialParameters"/> (keyed by search-space path), and <paramref name="TrialFold"/> for a cross-validation
/// fold job; all null for a job trained on its own.</param>
/// <param name="InitFromJobId">The job whose final training state this one continues (see README "Continue training"); null for fresh weights.</param>
/// <param name="StartEpoch">Epochs trained before this job by <paramref name="InitFromJobId"/>: this job's epochs are numbered
/// StartEpoch + 1 to <paramref name="Epochs"/>, and <paramref name="Progress"/> counts only its own. 0 for fresh weights.</param>
/// <param name="CrossValidation">A job submitted with <c>crossValidation</c>: its fold jobs with their metrics, and each metric's
/// mean and standard deviation over the folds. While the folds run the job stays queued; then it trains on every row for
/// <c>finalEpochs</c>. Only on POST and on GET of one job; null for a job without cross-validation.</param>
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
    string? MetricsSource,
    int? QueuePosition,
    double? EtaSeconds,
    int? BatchesCompleted,
    int? BatchesPerEpoch,
    DateTimeOffset? LastHeartbeatAt,
    bool Stale,
    IReadOnlyList<StatusTransitionResponse>? Transitions,
    Guid? TuningJobId,
    int? TrialIndex,
    int? TrialFold,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement>? TrialParameters,
    Guid? InitFromJobId,
    int StartEpoch,
    CrossValidationSummary? CrossValidation = null)
{
    /// <summary>The job as stored; <paramref name="live"/> adds what is read beside its row (staleness, queue place, transitions).</summary>
    public static TrainingJobResponse From(TrainingJob job, TrainingJobLiveResponse? live = null, CrossValidationSummary? crossValidation = null) => new(
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
        job.Parameters, job.Plan, job.Evaluation,
        job.Metrics is null ? null : (job.Plan?.ValidationRows ?? (job.ValidationLoss is null ? 0 : 1)) > 0 ? "validation" : "train",
        live?.QueuePosition, TrainingJobLiveness.EtaSeconds(job).Job,
        TrainingJobStatuses.Held.Contains(job.Status) ? job.BatchesCompleted : null,
        TrainingJobStatuses.Held.Contains(job.Status) ? job.BatchesPerEpoch : null,
        job.LastHeartbeatAt, live?.Stale ?? false, live?.Transitions,
        job.TuningJobId, job.TrialIndex, job.TrialFold, job.TrialParameters,
        job.InitFromJobId, job.StartEpoch, crossValidation);
}
