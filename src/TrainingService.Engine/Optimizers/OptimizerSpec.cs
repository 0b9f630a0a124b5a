namespace TrainingService.Engine.Optimizers;

/// <summary>
/// Declarative optimizer choice, as a model definition states it. Every hyperparameter left null takes
/// the named optimizer's usual default (see <see cref="OptimizerFactory"/>); hyperparameters the
/// optimizer does not use are ignored.
/// </summary>
public sealed record OptimizerSpec
{
    public OptimizerType Type { get; init; } = OptimizerType.Adam;

    /// <summary>Base learning rate (before any schedule). Default: 0.01 for the SGD family and Adagrad, 0.001 for RMSprop/Adam/AdamW, 1.0 for Adadelta.</summary>
    public float? LearningRate { get; init; }

    /// <summary>Momentum coefficient μ for momentum and nesterov. Default 0.9.</summary>
    public float? Momentum { get; init; }

    /// <summary>Adam/AdamW first-moment decay. Default 0.9.</summary>
    public float? Beta1 { get; init; }

    /// <summary>Adam/AdamW second-moment decay. Default 0.999.</summary>
    public float? Beta2 { get; init; }

    /// <summary>Decay ρ of RMSprop (default 0.9) and Adadelta (default 0.95).</summary>
    public float? Rho { get; init; }

    /// <summary>Denominator guard ε. Default 1e-8 (Adam, AdamW, RMSprop), 1e-10 (Adagrad), 1e-6 (Adadelta).</summary>
    public float? Epsilon { get; init; }

    /// <summary>AdamW decoupled weight decay λ. Default 0.01.</summary>
    public float? WeightDecay { get; init; }

    /// <summary>The learning rate this spec resolves to.</summary>
    public float ResolvedLearningRate => LearningRate ?? Type switch
    {
        OptimizerType.AdaDelta => 1.0f,
        OptimizerType.RmsProp or OptimizerType.Adam or OptimizerType.AdamW => 0.001f,
        _ => 0.01f,
    };
}
