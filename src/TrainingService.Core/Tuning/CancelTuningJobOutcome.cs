namespace TrainingService.Core.Tuning;

/// <summary>What a cancel request came to, with the tuning job as it stands afterwards.</summary>
public abstract record CancelTuningJobOutcome
{
    /// <summary>Cancelled: no trial starts any more; queued trials are cancelled, running ones stop within a batch.</summary>
    public sealed record Cancelled(TuningJob Job) : CancelTuningJobOutcome;

    public sealed record AlreadyFinished(TuningJob Job) : CancelTuningJobOutcome;

    public sealed record NotFound : CancelTuningJobOutcome;
}
