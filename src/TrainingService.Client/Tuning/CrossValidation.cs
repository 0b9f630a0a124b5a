namespace TrainingService.Client;

/// <summary>
/// k-fold cross-validation of a training job or of every trial: <see cref="Folds"/> (2 to 20) fold jobs on seeded folds
/// (stratified by class for classification unless <see cref="Stratified"/> is false); metrics are the mean (± standard
/// deviation) over the folds. Null fields take the defaults (5, stratified).
/// </summary>
public sealed record CrossValidation(int? Folds = null, bool? Stratified = null);
