namespace TrainingService.Core.Training;

/// <summary>
/// k-fold cross-validation: k fold jobs on seeded folds of the training dataset (stratified by class for
/// classification unless <see cref="Stratified"/> is false), their metrics reported as mean ± standard deviation.
/// On a training job the job itself then trains on every row for the folds' mean best epoch count; on a tuning job
/// every trial is cross-validated and the best trial's model is trained once more on every row.
/// </summary>
public sealed record CrossValidationRequest
{
    /// <summary>Most folds a request may ask for: each fold is a whole training job.</summary>
    public const int MaxFolds = 20;

    public int Folds { get; init; } = 5;

    public bool Stratified { get; init; } = true;
}
