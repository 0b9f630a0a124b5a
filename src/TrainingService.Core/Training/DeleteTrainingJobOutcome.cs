namespace TrainingService.Core.Training;

/// <summary>What deleting a training job came to.</summary>
public abstract record DeleteTrainingJobOutcome
{
    /// <summary>The job is gone with its epochs, checkpoint, trained model and the predictions made with it.</summary>
    public sealed record Deleted : DeleteTrainingJobOutcome;

    public sealed record NotFound : DeleteTrainingJobOutcome;

    /// <summary>The job is queued or running and was left alone: a worker may hold it, so it must be cancelled first.</summary>
    public sealed record NotFinished(TrainingJobStatus Status) : DeleteTrainingJobOutcome;

    /// <summary>The job is its model's production pin and was left alone: unpin it first.</summary>
    public sealed record Pinned(Guid ModelId) : DeleteTrainingJobOutcome;

    /// <summary>A queued or running job continues from this one (<see cref="TrainingJob.InitFromJobId"/>) and reads its preprocessing: the job was left alone.</summary>
    public sealed record Continued(Guid TrainingJobId) : DeleteTrainingJobOutcome;
}
