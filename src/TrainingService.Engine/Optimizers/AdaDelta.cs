using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Optimizers;

/// <summary>
/// Adadelta (Zeiler 2012): <c>E[g²] ← ρ·E[g²] + (1−ρ)·g²; d = √(E[Δ²]+ε) / √(E[g²]+ε) · g;
/// E[Δ²] ← ρ·E[Δ²] + (1−ρ)·d²; w ← w − lr·d</c>. The learning rate is a plain multiplier (1.0 is
/// the paper's rule).
/// </summary>
public sealed class AdaDelta : IOptimizer
{
    /// <summary>The learning rate a spec that names none gets: 1, the paper's rule.</summary>
    public const float DefaultLearningRate = 1f;

    /// <summary>The decay ρ a spec that names none gets.</summary>
    public const float DefaultRho = 0.95f;

    /// <summary>The guard ε a spec that names none gets.</summary>
    public const float DefaultEpsilon = 1e-6f;

    private readonly OptimizerSlots _slots = new(OptimizerKind.AdaDelta);
    private readonly float _rho;
    private readonly float _epsilon;

    public AdaDelta(float rho = DefaultRho, float epsilon = DefaultEpsilon)
    {
        if (!(rho >= 0f && rho < 1f))
            throw new ArgumentOutOfRangeException(nameof(rho), rho, "Rho must be in [0, 1).");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        _rho = rho;
        _epsilon = epsilon;
    }

    public OptimizerKind Type => OptimizerKind.AdaDelta;

    public long StepCount => _slots.StepCount;

    public void Step(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _slots.Prepare(parameters);
        for (int p = 0; p < parameters.Count; p++)
            Update(parameters[p].Value, parameters[p].Gradient, _slots.Get(p, 0), _slots.Get(p, 1), learningRate, _rho, _epsilon);
        _slots.StepCount++;
    }

    public OptimizerState GetState() => _slots.ToState();

    public void SetState(OptimizerState state) => _slots.Load(state);

    private static void Update(Span<float> w, ReadOnlySpan<float> g, Span<float> eg, Span<float> ed, float lr, float rho, float eps) =>
        ElementWise.Update(new AdaDeltaOperator(lr, rho, eps), w, g, eg, ed);
}
