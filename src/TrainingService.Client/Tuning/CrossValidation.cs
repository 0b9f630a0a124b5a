namespace TrainingService.Client;

/// <summary>
/// k-fold cross-validation of every trial: <see cref="Folds"/> fold jobs on seeded folds (stratified by class for
/// classification unless <see cref="Stratified"/> is false); the trial's objective is the mean over its folds. Null
/// fields take the defaults (5, stratified).
/// </summary>
public sealed record CrossValidation(int? Folds = null, bool? Stratified = null);
