using TrainingService.Core.Training;

namespace TrainingService.Core.CrossValidation;

/// <summary>
/// One fold job of a cross-validated training job: its own training job, where it stands, the epoch of its lowest
/// validation loss and its validation metrics at that epoch (<c>validationLoss</c>, <c>validationAccuracy</c>, …).
/// </summary>
public sealed record CrossValidationFoldResult(int Fold, Guid TrainingJobId, TrainingJobStatus Status, int? BestEpoch, IReadOnlyDictionary<string, double>? Metrics);
