namespace TrainingService.Client;

/// <summary>Progress within the running epoch, with throughput and time estimates; not replayed on resume (no id).</summary>
public sealed record ProgressEvent(
    Guid JobId,
    int Epoch,
    long BatchesCompleted,
    long BatchesPerEpoch,
    double? SamplesPerSecond,
    double? EpochEtaSeconds,
    double? JobEtaSeconds) : TrainingJobEvent;
