namespace TrainingService.Core.Tuning;

/// <summary>
/// k-fold cross-validation of every trial: k fold jobs on seeded folds of the training dataset (stratified by class
/// for classification unless <see cref="Stratified"/> is false); the trial's objective is the mean over its folds.
/// The best trial's model is then trained once more on every row for its folds' mean best epoch count.
/// </summary>
public sealed record CrossValidationRequest
{
    public int Folds { get; init; } = 5;

    public bool Stratified { get; init; } = true;
}
