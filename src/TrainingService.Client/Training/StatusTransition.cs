namespace TrainingService.Client;

/// <summary>One state change of a job: the status entered, when, why, and the worker and attempt of a run.</summary>
public sealed record StatusTransition(DateTimeOffset At, TrainingJobStatus Status, string Reason, string? Worker, int? Attempt);
