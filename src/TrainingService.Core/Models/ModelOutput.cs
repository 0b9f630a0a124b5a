namespace TrainingService.Core.Models;

/// <summary>
/// The rules for the output layer the service appends to the hidden layers, and for <see cref="LossFunction.Auto"/>:
/// <list type="bullet">
/// <item>regression: one linear unit; the definition's loss (meanSquaredError by default).</item>
/// <item>classification with loss auto: two classes → one sigmoid unit with binaryCrossEntropy; more → one softmax unit
/// per class with categoricalCrossEntropy.</item>
/// <item>classification with categoricalCrossEntropy: one softmax unit per class, even for two classes.</item>
/// <item>classification with binaryCrossEntropy: one sigmoid unit; the target must have exactly two classes.</item>
/// </list>
/// </summary>
public static class ModelOutput
{
    public const double DefaultHuberDelta = 1.0;

    /// <summary>
    /// Resolves the output layer for a target with <paramref name="classCount"/> classes (ignored for regression).
    /// False, with a message for the job's error, when the target cannot be trained with this definition.
    /// </summary>
    public static bool TryResolve(ModelDefinition definition, int classCount, out OutputLayerSpec output, out string error)
    {
        ArgumentNullException.ThrowIfNull(definition);
        output = new OutputLayerSpec(1, OutputActivation.Linear, LossFunction.MeanSquaredError, null);
        error = string.Empty;
        if (definition.Task == ModelTask.Regression)
        {
            LossFunction loss = definition.Loss == LossFunction.Auto ? LossFunction.MeanSquaredError : definition.Loss;
            output = output with { Loss = loss, HuberDelta = loss == LossFunction.Huber ? definition.HuberDelta ?? DefaultHuberDelta : null };
            return true;
        }

        if (classCount < 2)
        {
            error = $"Classification needs at least two classes in target column '{definition.TargetColumn}'; it has {classCount}.";
            return false;
        }

        if (definition.Loss == LossFunction.BinaryCrossEntropy && classCount != 2)
        {
            error = $"Loss binaryCrossEntropy needs exactly two classes in target column '{definition.TargetColumn}'; it has {classCount}.";
            return false;
        }

        bool sigmoid = definition.Loss == LossFunction.BinaryCrossEntropy || (definition.Loss == LossFunction.Auto && classCount == 2);
        output = sigmoid
            ? new OutputLayerSpec(1, OutputActivation.Sigmoid, LossFunction.BinaryCrossEntropy, null)
            : new OutputLayerSpec(classCount, OutputActivation.Softmax, LossFunction.CategoricalCrossEntropy, null);
        return true;
    }

    /// <summary>The rule in words, for API responses, where no dataset is known yet.</summary>
    public static string Describe(ModelDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        string target = definition.TargetColumn;
        return (definition.Task, definition.Loss) switch
        {
            (ModelTask.Regression, _) => $"One linear unit predicting '{target}', added by the service.",
            (_, LossFunction.BinaryCrossEntropy) => $"One sigmoid unit for the two classes of '{target}', added by the service.",
            (_, LossFunction.CategoricalCrossEntropy) => $"One softmax unit per class of '{target}', added by the service.",
            _ => $"Added by the service at training time: one sigmoid unit (loss binaryCrossEntropy) when '{target}' has two classes, " +
                "otherwise one softmax unit per class (loss categoricalCrossEntropy).",
        };
    }
}
