using System.Text.Json.Serialization;

namespace TrainingService.Client;

/// <summary>
/// A tuning job: its search as stored (defaults filled in), where its trials stand (<see cref="Trials"/>) and the
/// best trial that succeeded so far (<see cref="BestTrial"/>; null in lists). Its status is a training job's.
/// </summary>
/// <param name="Training">The trials' training settings as requested; each trial applies its sampled values to them.</param>
/// <param name="FinalTrainingJobId">With cross-validation: the best trial's model trained on every row once the trials ended.</param>
public sealed record TuningJob(
    Guid Id,
    string Name,
    TrainingJobStatus Status,
    Guid? BaseModelId,
    ModelDefinition BaseModel,
    Guid DatasetId,
    Guid? ValidationDatasetId,
    TuningObjective Objective,
    string Strategy,
    int MaxTrials,
    int MaxParallel,
    long Seed,
    IReadOnlyDictionary<string, SearchDimension> SearchSpace,
    TuningPruning Pruning,
    CrossValidation? CrossValidation,
    Guid? FinalTrainingJobId,
    TrainingSettings Training,
    TuningProgress Trials,
    TrialStanding? BestTrial,
    IReadOnlyList<RefusedTrial> RefusedTrials,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>Succeeded, failed or cancelled: no more trials will run.</summary>
    [JsonIgnore]
    public bool IsFinished => Status is TrainingJobStatus.Succeeded or TrainingJobStatus.Failed or TrainingJobStatus.Cancelled;
}
