namespace TrainingService.Client;

/// <summary>
/// A trial's status change, as its own training job's stream says it; once it ended, with its <see cref="StopReason"/>
/// (<c>pruned</c> included) and best <see cref="Objective"/>. <see cref="TrialIndex"/> null: the final job of a
/// cross-validated search (the best trial trained on every row).
/// </summary>
public sealed record TrialStatusEvent(
    Guid TuningJobId, Guid TrainingJobId, int? TrialIndex, int? Fold, TrainingJobStatus Status, DateTimeOffset At, string? Reason, string? Worker,
    int? Attempt, string? StopReason, double? Objective) : TuningJobEvent;
