namespace TrainingService.Client;

/// <summary>An epoch finished: the same row <see cref="TrainingJobsClient.GetHistoryAsync"/> returns.</summary>
public sealed record EpochEvent(Guid JobId, TrainingEpoch Epoch) : TrainingJobEvent;
