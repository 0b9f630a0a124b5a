namespace TrainingService.Engine.Optimizers;

/// <summary>
/// Declarative optimizer choice, as a model definition states it. Every hyperparameter left null takes
/// the named optimizer's usual default (see <see cref="OptimizerFactory"/>); hyperparameters the
/// optimizer does not use are ignored.
/// </summary>
public sealed record OptimizerSpec
{
    public OptimizerKind Type { get; init; } = OptimizerKind.Adam;

    /// <summary>Base learning rate (before any schedule). Default: each optimizer's <c>DefaultLearningRate</c>.</summary>
    public float? LearningRate { get; init; }

    /// <summary>Momentum coefficient μ for momentum and nesterov. Default <see cref="MomentumSgd.DefaultMomentum"/>.</summary>
    public float? Momentum { get; init; }

    /// <summary>Adam/AdamW first-moment decay. Default <see cref="Adam.DefaultBeta1"/>.</summary>
    public float? Beta1 { get; init; }

    /// <summary>Adam/AdamW second-moment decay. Default <see cref="Adam.DefaultBeta2"/>.</summary>
    public float? Beta2 { get; init; }

    /// <summary>Decay ρ of RMSprop (<see cref="RmsProp.DefaultRho"/>) and Adadelta (<see cref="AdaDelta.DefaultRho"/>).</summary>
    public float? Rho { get; init; }

    /// <summary>Denominator guard ε; each optimizer's <c>DefaultEpsilon</c> (Adam's for AdamW).</summary>
    public float? Epsilon { get; init; }

    /// <summary>AdamW decoupled weight decay λ. Default <see cref="AdamW.DefaultWeightDecay"/>.</summary>
    public float? WeightDecay { get; init; }

    /// <summary>
    /// State buffers the optimizer keeps per parameter, each as long as the parameter: none for sgd, a velocity or
    /// accumulator for momentum, nesterov, adagrad and rmsprop, two moments for adam, adamw and adadelta.
    /// </summary>
    public static int StateSlotsPerParameter(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => 0,
        OptimizerKind.Momentum or OptimizerKind.Nesterov or OptimizerKind.Adagrad or OptimizerKind.RmsProp => 1,
        OptimizerKind.AdaDelta or OptimizerKind.Adam or OptimizerKind.AdamW => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer."),
    };

    /// <summary>The learning rate this spec resolves to (a method, so serializing the spec does not emit it).</summary>
    public float EffectiveLearningRate() => LearningRate ?? DefaultsFor(Type).LearningRate!.Value;

    /// <summary>
    /// The engine's defaults for <paramref name="kind"/> as a spec: exactly the hyperparameters that optimizer uses are
    /// non-null, each holding the value <see cref="OptimizerFactory"/> fills in when a spec leaves it null.
    /// </summary>
    public static OptimizerSpec DefaultsFor(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => new() { Type = kind, LearningRate = Sgd.DefaultLearningRate },
        OptimizerKind.Momentum or OptimizerKind.Nesterov =>
            new() { Type = kind, LearningRate = MomentumSgd.DefaultLearningRate, Momentum = MomentumSgd.DefaultMomentum },
        OptimizerKind.Adagrad => new() { Type = kind, LearningRate = Adagrad.DefaultLearningRate, Epsilon = Adagrad.DefaultEpsilon },
        OptimizerKind.RmsProp =>
            new() { Type = kind, LearningRate = RmsProp.DefaultLearningRate, Rho = RmsProp.DefaultRho, Epsilon = RmsProp.DefaultEpsilon },
        OptimizerKind.AdaDelta =>
            new() { Type = kind, LearningRate = AdaDelta.DefaultLearningRate, Rho = AdaDelta.DefaultRho, Epsilon = AdaDelta.DefaultEpsilon },
        OptimizerKind.Adam => new()
        {
            Type = kind, LearningRate = Adam.DefaultLearningRate, Beta1 = Adam.DefaultBeta1, Beta2 = Adam.DefaultBeta2, Epsilon = Adam.DefaultEpsilon,
        },
        OptimizerKind.AdamW => new()
        {
            Type = kind, LearningRate = AdamW.DefaultLearningRate, Beta1 = Adam.DefaultBeta1, Beta2 = Adam.DefaultBeta2, Epsilon = Adam.DefaultEpsilon,
            WeightDecay = AdamW.DefaultWeightDecay,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer."),
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
