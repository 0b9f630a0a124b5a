using TrainingService.Core.Datasets;

namespace TrainingService.Core.Training;

/// <summary>
/// What a request to train came to: a job queued for a worker, a job that passed every check (the dry run's answer,
/// and the step before queueing), or refused field by field or by a quota.
/// </summary>
public abstract record CreateTrainingJobOutcome
{
    public sealed record Queued(TrainingJob Job) : CreateTrainingJobOutcome;

    /// <summary>
    /// Every check passed; nothing is stored. <see cref="EpochSeconds"/> is at <see cref="TrainingOptions.EstimateGflops"/>;
    /// <see cref="StartEpoch"/> is where a continued job starts (<see cref="TrainingJob.StartEpoch"/>).
    /// </summary>
    public sealed record Planned(
        Guid ModelId, DatasetSchema Dataset, DatasetSchema? ValidationDataset, TrainingJobParameters Parameters, TrainingJobPlan Plan,
        double AssumedGflops, int StartEpoch = 0) : CreateTrainingJobOutcome
    {
        public double EpochSeconds => Plan.EpochSeconds(AssumedGflops);
    }

    public sealed record Invalid(Dictionary<string, string[]> Errors) : CreateTrainingJobOutcome;

    /// <summary>The tenant has as many jobs queued or running as it may.</summary>
    public sealed record QuotaExceeded(Identity.QuotaExceeded Quota) : CreateTrainingJobOutcome;
}
