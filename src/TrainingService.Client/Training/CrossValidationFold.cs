namespace TrainingService.Client;

/// <summary>Which fold of a k-fold cross-validation a job is: it validates on fold <see cref="Index"/> of the rows and trains on the other k − 1.</summary>
public sealed record CrossValidationFold(int Folds, int Index, bool Stratified);
