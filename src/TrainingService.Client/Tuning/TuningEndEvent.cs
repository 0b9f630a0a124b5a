namespace TrainingService.Client;

/// <summary>The search and its trials ended; the last event of its stream.</summary>
public sealed record TuningEndEvent(
    Guid TuningJobId, TrainingJobStatus Status, string? Error, int? BestTrialIndex, Guid? BestTrainingJobId, double? BestObjective) : TuningJobEvent;
