namespace TrainingService.Client;

/// <summary>A model definition to store: name, task and target are required, everything else has a server-side default (null here means "the default").</summary>
public sealed record CreateModelRequest(string Name, ModelTask Task, string TargetColumn)
{
    /// <summary>Input columns; null: every column of the training dataset except the target.</summary>
    public IReadOnlyList<string>? FeatureColumns { get; init; }

    /// <summary>Hidden layers (0 to 64); null or empty is linear or logistic regression.</summary>
    public IReadOnlyList<Layer>? Layers { get; init; }

    public LossFunction? Loss { get; init; }

    /// <summary>Only with <see cref="LossFunction.Huber"/>.</summary>
    public double? HuberDelta { get; init; }

    public Optimizer? Optimizer { get; init; }

    public Regularization? Regularization { get; init; }

    public WeightInitializer? Initializer { get; init; }

    public Preprocessing? Preprocessing { get; init; }

    /// <summary>null: the service picks one and stores it, so training stays reproducible.</summary>
    public long? Seed { get; init; }
}
