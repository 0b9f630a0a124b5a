using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainingService.Client;

/// <summary>
/// A training job: status, progress, latest losses and metrics, its plan, and (once succeeded) its evaluation; while
/// it is queued or running, its place in the queue, batches done in the current epoch, ETA and the worker's heartbeat
/// (<see cref="Stale"/> when that stopped); on a single job's GET, every state change (<see cref="Transitions"/>).
/// A continued job names the job it started from (<see cref="InitFromJobId"/>) and numbers its epochs on from
/// <see cref="StartEpoch"/> + 1 to <see cref="Epochs"/>.
/// A tuning trial names its <see cref="TuningJobId"/>, <see cref="TrialIndex"/>, the sampled <see cref="TrialParameters"/>
/// (keyed by search-space path) and, for a cross-validation fold job, <see cref="TrialFold"/>.
/// A job submitted with cross-validation sums up its folds in <see cref="CrossValidation"/> (on its POST and GET).
/// </summary>
public sealed record TrainingJob(
    Guid Id,
    Guid ModelId,
    Guid DatasetId,
    Guid? ValidationDatasetId,
    TrainedOnDataset Dataset,
    TrainedOnDataset? ValidationDataset,
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
    TrainingJobOptions Options,
    TrainingPlan? Plan,
    ModelEvaluation? Evaluation,
    string? MetricsSource,
    int? QueuePosition,
    double? EtaSeconds,
    int? BatchesCompleted,
    int? BatchesPerEpoch,
    DateTimeOffset? LastHeartbeatAt,
    bool Stale,
    IReadOnlyList<StatusTransition>? Transitions,
    Guid? TuningJobId = null,
    int? TrialIndex = null,
    int? TrialFold = null,
    IReadOnlyDictionary<string, JsonElement>? TrialParameters = null,
    Guid? InitFromJobId = null,
    int StartEpoch = 0,
    CrossValidationSummary? CrossValidation = null)
{
    /// <summary>Succeeded, failed or cancelled: nothing more will happen to the job.</summary>
    [JsonIgnore]
    public bool IsFinished => Status is TrainingJobStatus.Succeeded or TrainingJobStatus.Failed or TrainingJobStatus.Cancelled;
}
