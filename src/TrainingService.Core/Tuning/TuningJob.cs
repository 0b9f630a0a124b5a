using TrainingService.Core.Identity;
using TrainingService.Core.Models;
using TrainingService.Core.Training;

namespace TrainingService.Core.Tuning;

/// <summary>
/// A search over model and training settings whose trials are ordinary <see cref="TrainingJob"/>s (linked by
/// <see cref="TrainingJob.TuningJobId"/> and <see cref="TrainingJob.TrialIndex"/>). <see cref="TuningCoordinator"/>
/// creates the trials, at most <see cref="MaxParallel"/> queued or running at once, under a lock on this row.
/// </summary>
public sealed class TuningJob : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    /// <summary>The model the search started from, when it was given by id; null for an inline base model.</summary>
    public Guid? BaseModelId { get; set; }

    /// <summary>The base definition (jsonb), copied so a trial's model never depends on the base model still existing.</summary>
    public required ModelDefinition BaseDefinition { get; set; }

    /// <summary>The trials' training settings as requested (jsonb), with the dataset ids; each trial applies its values to them.</summary>
    public required TrainingJobRequest Training { get; set; }

    public Guid DatasetId { get; set; }

    public required TuningObjective Objective { get; set; }

    /// <summary><c>random</c> or <c>grid</c>.</summary>
    public required string Strategy { get; set; }

    /// <summary>The search space by path (jsonb), as sent.</summary>
    public required IReadOnlyDictionary<string, SearchDimension> SearchSpace { get; set; }

    public required TuningPruning Pruning { get; set; }

    /// <summary>k-fold cross-validation of each trial (jsonb); null: each trial is one job on the request's split.</summary>
    public CrossValidationRequest? CrossValidation { get; set; }

    /// <summary>With cross-validation: the best trial's model trained on every row once the trials ended.</summary>
    public Guid? FinalTrainingJobId { get; set; }

    /// <summary>
    /// Set when this job is a training job's cross-validation (<c>crossValidation</c> on POST /api/training-jobs): that
    /// job, stored at once and waiting, becomes <see cref="FinalTrainingJobId"/> once the folds ended (see
    /// <see cref="CrossValidation.CrossValidatedTrainingJobs"/>). Null for a tuning job a user asked for.
    /// </summary>
    public Guid? CrossValidatedJobId { get; set; }

    public int MaxParallel { get; set; }

    /// <summary>Seeds random sampling (trial i's values depend on this and i only) and each trial's training.</summary>
    public long Seed { get; set; }

    /// <summary>Trials the job runs in all: random search's count, or the grid's size.</summary>
    public int TotalTrials { get; set; }

    /// <summary>Jobs the trials take: one each, or one per fold.</summary>
    public int TotalJobs => TotalTrials * (CrossValidation?.Folds ?? 1);

    /// <summary>
    /// Jobs handed out so far (created, or refused): trials, or with cross-validation trial × fold, trial i's fold f
    /// being job i·k + f. Moved only under the row lock.
    /// </summary>
    public int TrialsCreated { get; set; }

    /// <summary>Trials whose sampled settings the job checks refused (jsonb); they run no job.</summary>
    public IReadOnlyList<RefusedTrial> RefusedTrials { get; set; } = [];

    public TrainingJobStatus Status { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}
