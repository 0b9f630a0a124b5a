namespace TrainingService.Core.Training.Preprocessing;

/// <summary>
/// How the target column maps to network outputs. Classification: the class labels, index = output unit
/// (one sigmoid unit for two classes: label 1 is the positive class). Regression: the target is standardized
/// with <see cref="Center"/> and <see cref="Scale"/> for training and mapped back for predictions.
/// <see cref="OutputWidth"/> is the network's output units: one per class (softmax), or one (sigmoid, regression).
/// </summary>
public sealed record TargetEncoding(string Name, bool IsClassification, string[] Labels, float Center, float Scale, int OutputWidth)
{
    /// <summary>A regression output (or standardized target) back in the target's own units.</summary>
    public double Decode(float standardized) => (double)standardized * Scale + Center;
}
