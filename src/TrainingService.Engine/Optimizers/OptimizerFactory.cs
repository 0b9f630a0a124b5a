namespace TrainingService.Engine.Optimizers;

/// <summary>Builds the optimizer an <see cref="OptimizerSpec"/> describes, filling in defaults.</summary>
public static class OptimizerFactory
{
    /// <exception cref="ArgumentException">A hyperparameter is out of range; ParamName names it (e.g. <c>optimizer.beta2</c>).</exception>
    public static IOptimizer Create(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        return spec.Type switch
        {
            OptimizerKind.Sgd => new Sgd(),
            OptimizerKind.Momentum => new MomentumSgd(spec.Momentum ?? 0.9f),
            OptimizerKind.Nesterov => new MomentumSgd(spec.Momentum ?? 0.9f, nesterov: true),
            OptimizerKind.Adagrad => new Adagrad(spec.Epsilon ?? 1e-10f),
            OptimizerKind.RmsProp => new RmsProp(spec.Rho ?? 0.9f, spec.Epsilon ?? 1e-8f),
            OptimizerKind.AdaDelta => new AdaDelta(spec.Rho ?? 0.95f, spec.Epsilon ?? 1e-6f),
            OptimizerKind.Adam => new Adam(spec.Beta1 ?? 0.9f, spec.Beta2 ?? 0.999f, spec.Epsilon ?? 1e-8f),
            OptimizerKind.AdamW => new AdamW(spec.Beta1 ?? 0.9f, spec.Beta2 ?? 0.999f, spec.Epsilon ?? 1e-8f, spec.WeightDecay ?? 0.01f),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Type, "Unknown optimizer type."),
        };
    }
}
