using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Optimizers;

/// <summary>RMSprop: <c>s ← ρ·s + (1−ρ)·g²; w ← w − lr·g / (√s + ε)</c>.</summary>
public sealed class RmsProp : IOptimizer
{
    /// <summary>The learning rate a spec that names none gets.</summary>
    public const float DefaultLearningRate = 0.001f;

    /// <summary>The decay ρ a spec that names none gets.</summary>
    public const float DefaultRho = 0.9f;

    /// <summary>The denominator guard ε a spec that names none gets.</summary>
    public const float DefaultEpsilon = 1e-8f;

    private readonly OptimizerSlots _slots = new(OptimizerKind.RmsProp);
    private readonly float _rho;
    private readonly float _epsilon;

    public RmsProp(float rho = DefaultRho, float epsilon = DefaultEpsilon)
    {
        if (!(rho >= 0f && rho < 1f))
            throw new ArgumentOutOfRangeException(nameof(rho), rho, "Rho must be in [0, 1).");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        _rho = rho;
        _epsilon = epsilon;
    }

    public OptimizerKind Type => OptimizerKind.RmsProp;

    public long StepCount => _slots.StepCount;

    public void Step(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _slots.Prepare(parameters);
        for (int p = 0; p < parameters.Count; p++)
            Update(parameters[p].Value, parameters[p].Gradient, _slots.Get(p, 0), learningRate, _rho, _epsilon);
        _slots.StepCount++;
    }

    public OptimizerState GetState() => _slots.ToState();

    public void SetState(OptimizerState state) => _slots.Load(state);

    private static void Update(Span<float> w, ReadOnlySpan<float> g, Span<float> s, float lr, float rho, float eps) =>
        ElementWise.Update(new RmsPropOperator(lr, rho, eps), w, g, s);
}
