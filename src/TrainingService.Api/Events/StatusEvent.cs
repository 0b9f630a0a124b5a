using TrainingService.Core.Training;

namespace TrainingService.Api.Events;

/// <summary>The <c>status</c> event: a state change of the job, when and why; the worker and attempt of a run.</summary>
public sealed record StatusEvent(Guid JobId, TrainingJobStatus Status, DateTimeOffset At, string Reason, string? Worker, int? Attempt)
{
    public static StatusEvent From(Guid jobId, StatusTransition t) => new(jobId, t.Status, t.At, t.Reason, t.Worker, t.Attempt);
}
