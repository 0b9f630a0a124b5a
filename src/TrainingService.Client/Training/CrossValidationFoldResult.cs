namespace TrainingService.Client;

/// <summary>One fold job of a cross-validated training job: the epoch of its lowest validation loss and its validation metrics there.</summary>
public sealed record CrossValidationFoldResult(int Fold, Guid TrainingJobId, TrainingJobStatus Status, int? BestEpoch, IReadOnlyDictionary<string, double>? Metrics);
