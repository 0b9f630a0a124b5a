namespace TrainingService.Client;

/// <summary>The job changed status (queued, running, …); <see cref="Reason"/> says why when the service knows, <see cref="Worker"/> and <see cref="Attempt"/> which run.</summary>
public sealed record StatusEvent(Guid JobId, TrainingJobStatus Status, DateTimeOffset At, string? Reason, string? Worker, int? Attempt) : TrainingJobEvent;
