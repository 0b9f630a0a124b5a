namespace TrainingService.Client;

/// <summary>The job ended (succeeded, failed or cancelled); the last event of a job's stream.</summary>
public sealed record EndEvent(Guid JobId, TrainingJobStatus Status, string? StopReason, string? Error) : TrainingJobEvent;
