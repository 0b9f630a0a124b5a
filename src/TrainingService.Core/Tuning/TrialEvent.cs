using TrainingService.Core.Training;

namespace TrainingService.Core.Tuning;

/// <summary>
/// One durable event of a tuning job's trial (or of its final cross-validated job, <see cref="TrialIndex"/> null), from
/// the trials' <c>training_job_events</c>: a status change (<see cref="Transition"/>; once ended, with the trial's
/// stop reason and best objective) or a stored epoch (<see cref="Epoch"/>, with the objective's value at that epoch).
/// </summary>
public sealed record TrialEvent(
    long Id, Guid TrainingJobId, int? TrialIndex, int? Fold, StatusTransition? Transition, TrainingEpoch? Epoch, double? Objective, string? StopReason);
