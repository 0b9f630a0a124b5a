namespace TrainingService.Client;

/// <summary>Losses; <see cref="Auto"/> (classification) picks binary or categorical cross-entropy from the target's classes at training time.</summary>
public enum LossFunction
{
    Auto,
    CategoricalCrossEntropy,
    BinaryCrossEntropy,
    MeanSquaredError,
    MeanAbsoluteError,
    Huber,
}
