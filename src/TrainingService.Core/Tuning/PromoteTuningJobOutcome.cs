namespace TrainingService.Core.Tuning;

/// <summary>What promoting a tuning job's best trial came to.</summary>
public abstract record PromoteTuningJobOutcome
{
    /// <summary>
    /// <paramref name="ModelId"/> (the best trial's own model) now predicts with <paramref name="TrainingJobId"/> by
    /// default: the trial's job, or with cross-validation the final job trained on every row.
    /// </summary>
    public sealed record Promoted(TuningJob Job, TrialStanding Best, Guid ModelId, Guid TrainingJobId) : PromoteTuningJobOutcome;

    /// <summary>No trained model to promote yet: no trial succeeded, or the cross-validated final model has not trained.</summary>
    public sealed record NothingToPromote(string Detail) : PromoteTuningJobOutcome;

    public sealed record NotFound : PromoteTuningJobOutcome;
}
