namespace TrainingService.Client;

/// <summary>One fold job of a cross-validated trial: its objective (best over its epochs) and where it stands.</summary>
public sealed record FoldStanding(Guid TrainingJobId, int Fold, double? Objective, int? ObjectiveEpoch, TrainingJobStatus Status);
