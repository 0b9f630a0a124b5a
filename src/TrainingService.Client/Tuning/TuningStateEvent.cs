namespace TrainingService.Client;

/// <summary>Where the search stands: sent first, and whenever its status, trial counts or best trial changed.</summary>
public sealed record TuningStateEvent(
    Guid TuningJobId, TrainingJobStatus Status, TuningProgress Trials, int? BestTrialIndex, Guid? BestTrainingJobId, double? BestObjective) : TuningJobEvent;
