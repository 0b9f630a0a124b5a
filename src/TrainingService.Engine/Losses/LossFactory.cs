namespace TrainingService.Engine.Losses;

/// <summary>Creates losses by kind, as named in a model definition.</summary>
public static class LossFactory
{
    /// <summary>Creates the loss of <paramref name="kind"/>; <paramref name="huberDelta"/> applies to Huber only (null for 1).</summary>
    public static ILoss Create(LossKind kind, float? huberDelta = null) => kind switch
    {
        LossKind.MeanSquaredError => new MeanSquaredErrorLoss(),
        LossKind.MeanAbsoluteError => new MeanAbsoluteErrorLoss(),
        LossKind.Huber => new HuberLoss(huberDelta ?? HuberLoss.DefaultDelta),
        LossKind.BinaryCrossEntropy => new BinaryCrossEntropyLoss(),
        LossKind.CategoricalCrossEntropy => new CategoricalCrossEntropyLoss(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown loss."),
    };
}
