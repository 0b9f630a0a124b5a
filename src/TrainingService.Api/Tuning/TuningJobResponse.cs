using System.ComponentModel;
using TrainingService.Core.Models;
using TrainingService.Core.Training;
using TrainingService.Core.Tuning;

namespace TrainingService.Api.Tuning;

/// <param name="Training">The trials' training settings as requested (each trial applies its sampled values to them).</param>
/// <param name="CrossValidation">k-fold cross-validation of each trial, or null.</param>
/// <param name="FinalTrainingJobId">With cross-validation: the best trial's model trained on every row once the trials ended.</param>
/// <param name="BestTrial">The best trial that succeeded so far, by the objective; null until one has (and in lists).</param>
[Description("A tuning job: its search, where its trials stand and the best trial so far.")]
public sealed record TuningJobResponse(
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
    CrossValidationRequest? CrossValidation,
    Guid? FinalTrainingJobId,
    TrainingJobRequest Training,
    TuningProgressResponse Trials,
    TrialStanding? BestTrial,
    IReadOnlyList<RefusedTrial> RefusedTrials,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    /// <param name="trials">Each trial's status and stop reason (a cross-validated trial's status summed up from its folds').</param>
    public static TuningJobResponse From(TuningJob job, IReadOnlyCollection<(TrainingJobStatus Status, string? StopReason)> trials, TrialStanding? best)
    {
        int Count(TrainingJobStatus status) => trials.Count(t => t.Status == status && t.StopReason != StopReasons.Pruned);
        var progress = new TuningProgressResponse(
            job.TotalTrials, (job.TrialsCreated + (job.CrossValidation?.Folds ?? 1) - 1) / (job.CrossValidation?.Folds ?? 1), Count(TrainingJobStatus.Queued), Count(TrainingJobStatus.Running), Count(TrainingJobStatus.Succeeded),
            trials.Count(t => t.StopReason == StopReasons.Pruned), Count(TrainingJobStatus.Failed), Count(TrainingJobStatus.Cancelled), job.RefusedTrials.Count);
        return new(job.Id, job.Name, job.Status, job.BaseModelId, job.BaseDefinition, job.DatasetId, job.Training.ValidationDatasetId,
            job.Objective, job.Strategy, job.TotalTrials, job.MaxParallel, job.Seed, job.SearchSpace, job.Pruning, job.CrossValidation, job.FinalTrainingJobId, job.Training,
            progress, best, job.RefusedTrials, job.Error, job.CreatedAt, job.StartedAt, job.FinishedAt);
    }
}
