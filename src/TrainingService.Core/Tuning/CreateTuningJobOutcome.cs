namespace TrainingService.Core.Tuning;

/// <summary>What a request to tune came to: queued (its first trials follow), or refused field by field or by a quota.</summary>
public abstract record CreateTuningJobOutcome
{
    public sealed record Queued(TuningJob Job) : CreateTuningJobOutcome;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : CreateTuningJobOutcome;

    public sealed record QuotaExceeded(Identity.QuotaExceeded Quota) : CreateTuningJobOutcome;
}
