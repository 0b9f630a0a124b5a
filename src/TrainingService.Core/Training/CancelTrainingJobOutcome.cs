namespace TrainingService.Core.Training;

/// <summary>What a cancel request came to, with the job as it stands afterwards.</summary>
public abstract record CancelTrainingJobOutcome
{
    /// <summary>The job was queued and is now cancelled.</summary>
    public sealed record Cancelled(TrainingJob Job) : CancelTrainingJobOutcome;

    /// <summary>The job is running; its runner stops within a batch of seeing the flag.</summary>
    public sealed record Requested(TrainingJob Job) : CancelTrainingJobOutcome;

    /// <summary>The job had already ended (succeeded, failed or cancelled) and was left as it ended.</summary>
    public sealed record AlreadyFinished(TrainingJob Job) : CancelTrainingJobOutcome;

    public sealed record NotFound : CancelTrainingJobOutcome;
}
