namespace TrainingService.Core.Training;

/// <summary>What a request to train came to: a job queued for a worker, or refused field by field.</summary>
public abstract record CreateTrainingJobOutcome
{
    public sealed record Queued(TrainingJob Job) : CreateTrainingJobOutcome;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : CreateTrainingJobOutcome;

    /// <summary>The tenant has as many jobs queued or running as it may.</summary>
    public sealed record QuotaExceeded(Identity.QuotaExceeded Quota) : CreateTrainingJobOutcome;
}
