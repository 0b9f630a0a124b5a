namespace TrainingService.Engine.Training;

/// <summary>
/// Optional hooks <see cref="Trainer.Fit"/> calls on its own thread after each finished epoch:
/// first <see cref="EpochCompleted"/>, then (when set) <see cref="CheckpointCreated"/> with a checkpoint
/// of the state after that epoch. A checkpoint is only built when its hook is set.
/// </summary>
public sealed record TrainingCallbacks
{
    public Action<EpochReport>? EpochCompleted { get; init; }

    public Action<TrainingCheckpoint>? CheckpointCreated { get; init; }

    /// <summary>Updated after every batch (a counter, not a call) for a reader on another thread.</summary>
    public TrainingProgress? Progress { get; init; }
}
