using TrainingService.Core.Training;

namespace TrainingService.Core.Tuning;

/// <summary>A job of a tuning job as its event stream needs it: which trial and fold (none: the final job), and its state.</summary>
public sealed record TrialJobState(Guid Id, int? TrialIndex, int? Fold, TrainingJobStatus Status, string? StopReason);
