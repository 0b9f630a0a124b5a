using TrainingService.Core.Training;

namespace TrainingService.Core.Events;

/// <summary>
/// A durable event as the stream sends it: a status change (<see cref="Transition"/>) or a stored epoch
/// (<see cref="Epoch"/>, the history row as stored).
/// </summary>
public sealed record StreamedEvent(long Id, Guid JobId, StatusTransition? Transition, TrainingEpoch? Epoch);
