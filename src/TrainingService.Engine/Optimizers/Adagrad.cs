using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Optimizers;

/// <summary>Adagrad: <c>G ← G + g²; w ← w − lr·g / (√G + ε)</c>, with G starting at zero.</summary>
public sealed class Adagrad : IOptimizer
{
    /// <summary>The learning rate a spec that names none gets.</summary>
    public const float DefaultLearningRate = 0.01f;

    /// <summary>The denominator guard ε a spec that names none gets.</summary>
    public const float DefaultEpsilon = 1e-10f;

    private readonly OptimizerSlots _slots = new(OptimizerKind.Adagrad);
    private readonly float _epsilon;

    public Adagrad(float epsilon = DefaultEpsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        _epsilon = epsilon;
    }

    public OptimizerKind Type => OptimizerKind.Adagrad;

    public long StepCount => _slots.StepCount;

    public void Step(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _slots.Prepare(parameters);
        for (int p = 0; p < parameters.Count; p++)
            Update(parameters[p].Value, parameters[p].Gradient, _slots.Get(p, 0), learningRate, _epsilon);
        _slots.StepCount++;
    }

    public OptimizerState GetState() => _slots.ToState();

    public void SetState(OptimizerState state) => _slots.Load(state);

    private static void Update(Span<float> w, ReadOnlySpan<float> g, Span<float> sum, float lr, float eps) =>
        ElementWise.Update(new AdagradOperator(lr, eps), w, g, sum);
}
