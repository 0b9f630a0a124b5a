namespace TrainingService.Engine.Losses;

/// <summary>The loss functions the engine provides.</summary>
public enum LossKind
{
    /// <summary>Mean over all elements of <c>(y − t)²</c>.</summary>
    MeanSquaredError = 0,

    /// <summary>Mean over all elements of <c>|y − t|</c>.</summary>
    MeanAbsoluteError = 1,

    /// <summary>Mean over all elements of Huber(y − t; δ), δ defaulting to 1.</summary>
    Huber = 2,

    /// <summary>Sigmoid + binary cross-entropy on logits, mean over all elements; targets in [0, 1].</summary>
    BinaryCrossEntropy = 3,

    /// <summary>Softmax + categorical cross-entropy on logits, mean over samples; one-hot (or probability) targets.</summary>
    CategoricalCrossEntropy = 4,
}
