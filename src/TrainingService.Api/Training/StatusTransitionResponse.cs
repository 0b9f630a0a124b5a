using TrainingService.Core.Training;

namespace TrainingService.Api.Training;

/// <summary>One state change: the status entered, when, why, and the worker and attempt of a run.</summary>
public sealed record StatusTransitionResponse(DateTimeOffset At, TrainingJobStatus Status, string Reason, string? Worker, int? Attempt)
{
    public static StatusTransitionResponse From(StatusTransition t) => new(t.At, t.Status, t.Reason, t.Worker, t.Attempt);
}
