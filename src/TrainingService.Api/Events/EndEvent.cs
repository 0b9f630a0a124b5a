using TrainingService.Core.Training;

namespace TrainingService.Api.Events;

/// <summary>The <c>end</c> event: the job's final status, why it stopped and its error; a job's stream closes after it.</summary>
public sealed record EndEvent(Guid JobId, TrainingJobStatus Status, string? StopReason, string? Error);
