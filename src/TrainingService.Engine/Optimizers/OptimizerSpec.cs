namespace TrainingService.Engine.Optimizers;

/// <summary>
/// Declarative optimizer choice, as a model definition states it. Every hyperparameter left null takes
/// the named optimizer's usual default (see <see cref="OptimizerFactory"/>); hyperparameters the
/// optimizer does not use are ignored.
/// </summary>
public sealed record OptimizerSpec
{
    public OptimizerKind Type { get; init; } = OptimizerKind.Adam;

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

    /// <summary>The learning rate this spec resolves to (a method, so serializing the spec does not emit it).</summary>
    public float EffectiveLearningRate() => LearningRate ?? Type switch
    {
        OptimizerKind.AdaDelta => 1.0f,
        OptimizerKind.RmsProp or OptimizerKind.Adam or OptimizerKind.AdamW => 0.001f,
        _ => 0.01f,
    };

    /// <summary>Throws <see cref="ArgumentException"/> whose ParamName is the offending field (e.g. <c>optimizer.beta2</c>).</summary>
    public void Validate(string prefix = "optimizer")
    {
        if (!Enum.IsDefined(Type)) throw Invalid(prefix, "type", $"unknown optimizer {(int)Type}.");
        if (LearningRate is { } lr && !(lr > 0f && float.IsFinite(lr))) throw Invalid(prefix, "learningRate", $"must be finite and > 0, got {lr}.");
        CheckUnitInterval(prefix, "momentum", Momentum);
        CheckUnitInterval(prefix, "beta1", Beta1);
        CheckUnitInterval(prefix, "beta2", Beta2);
        CheckUnitInterval(prefix, "rho", Rho);
        if (Epsilon is { } e && !(e > 0f && float.IsFinite(e))) throw Invalid(prefix, "epsilon", $"must be finite and > 0, got {e}.");
        if (WeightDecay is { } w && !(w >= 0f && float.IsFinite(w))) throw Invalid(prefix, "weightDecay", $"must be finite and ≥ 0, got {w}.");
    }

    private static void CheckUnitInterval(string prefix, string field, float? value)
    {
        if (value is { } v && !(v >= 0f && v < 1f))
            throw Invalid(prefix, field, $"must be in [0, 1), got {v}.");
    }

    private static ArgumentException Invalid(string prefix, string field, string message) =>
        new($"{prefix}.{field}: {message}", $"{prefix}.{field}");
}
