namespace TrainingService.Core.Training;

/// <summary>One state change of a job, from its event log: when, into what, and why.</summary>
public sealed record StatusTransition(long Id, DateTimeOffset At, TrainingJobStatus Status, string Reason, string? Worker, int? Attempt);
