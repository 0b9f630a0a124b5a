namespace TrainingService.Client;

/// <summary>A trial's stored epoch, with the search objective's value at that epoch.</summary>
public sealed record TrialEpochEvent(
    Guid TuningJobId, Guid TrainingJobId, int? TrialIndex, int? Fold, int Epoch, double? Objective, double TrainLoss, double? ValidationLoss,
    double DurationMs) : TuningJobEvent;
