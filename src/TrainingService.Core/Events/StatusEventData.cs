using TrainingService.Core.Training;

namespace TrainingService.Core.Events;

/// <summary>What a status event stores: the status entered, why, and (for a run) the worker and its attempt.</summary>
public sealed record StatusEventData(TrainingJobStatus Status, string Reason, string? Worker, int? Attempt);
