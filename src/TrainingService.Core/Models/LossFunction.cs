namespace TrainingService.Core.Models;

/// <summary>
/// Losses a definition may name. <see cref="Auto"/> exists only for classification, where the right loss depends
/// on the number of classes of the target, known only against a dataset: see <see cref="ModelOutput.Resolve"/>.
/// </summary>
public enum LossFunction
{
    Auto,
    CategoricalCrossEntropy,
    BinaryCrossEntropy,
    MeanSquaredError,
    MeanAbsoluteError,
    Huber,
}
