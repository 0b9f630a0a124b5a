namespace TrainingService.Engine.Optimizers;

/// <summary>
/// Builds the optimizer an <see cref="OptimizerSpec"/> describes, filling in each optimizer's own defaults
/// (its <c>Default…</c> constants, also listed by <see cref="OptimizerSpec.DefaultsFor"/>).
/// </summary>
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
            OptimizerKind.Momentum => new MomentumSgd(spec.Momentum ?? MomentumSgd.DefaultMomentum),
            OptimizerKind.Nesterov => new MomentumSgd(spec.Momentum ?? MomentumSgd.DefaultMomentum, nesterov: true),
            OptimizerKind.Adagrad => new Adagrad(spec.Epsilon ?? Adagrad.DefaultEpsilon),
            OptimizerKind.RmsProp => new RmsProp(spec.Rho ?? RmsProp.DefaultRho, spec.Epsilon ?? RmsProp.DefaultEpsilon),
            OptimizerKind.AdaDelta => new AdaDelta(spec.Rho ?? AdaDelta.DefaultRho, spec.Epsilon ?? AdaDelta.DefaultEpsilon),
            OptimizerKind.Adam => new Adam(spec.Beta1 ?? Adam.DefaultBeta1, spec.Beta2 ?? Adam.DefaultBeta2, spec.Epsilon ?? Adam.DefaultEpsilon),
            OptimizerKind.AdamW => new AdamW(spec.Beta1 ?? Adam.DefaultBeta1, spec.Beta2 ?? Adam.DefaultBeta2, spec.Epsilon ?? Adam.DefaultEpsilon,
                spec.WeightDecay ?? AdamW.DefaultWeightDecay),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Type, "Unknown optimizer type."),
        };
    }
}
