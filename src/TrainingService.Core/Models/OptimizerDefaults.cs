namespace TrainingService.Core.Models;

/// <summary>
/// Each optimizer's parameters with their usual defaults (the engine's too): the non-null parameters of
/// <see cref="For"/> are exactly the ones that type uses, so validation and echoing share one table.
/// </summary>
public static class OptimizerDefaults
{
    public const OptimizerType DefaultType = OptimizerType.Adam;

    public static OptimizerDefinition For(OptimizerType type) => type switch
    {
        OptimizerType.Sgd => new(type, LearningRate: 0.01),
        OptimizerType.Momentum or OptimizerType.Nesterov => new(type, LearningRate: 0.01, Momentum: 0.9),
        OptimizerType.Adagrad => new(type, LearningRate: 0.01, Epsilon: 1e-10),
        OptimizerType.Rmsprop => new(type, LearningRate: 0.001, Rho: 0.9, Epsilon: 1e-8),
        OptimizerType.Adadelta => new(type, LearningRate: 1.0, Rho: 0.95, Epsilon: 1e-6),
        OptimizerType.Adam => new(type, LearningRate: 0.001, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8),
        OptimizerType.Adamw => new(type, LearningRate: 0.001, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8, WeightDecay: 0.01),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
