using System.Numerics;

namespace TrainingService.Engine.Optimizers;

/// <summary>Adagrad: <c>G ← G + g²; w ← w − lr·g / (√G + ε)</c>, with G starting at zero.</summary>
public sealed class Adagrad : IOptimizer
{
    /// <summary>The learning rate a spec that names none gets.</summary>
    public const float DefaultLearningRate = 0.01f;

    /// <summary>The denominator guard ε a spec that names none gets.</summary>
    public const float DefaultEpsilon = 1e-10f;

    private readonly OptimizerSlots _slots = new(OptimizerKind.Adagrad, 1);
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

    private static void Update(Span<float> w, ReadOnlySpan<float> g, Span<float> sum, float lr, float eps)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var lrV = new Vector<float>(lr);
            var epsV = new Vector<float>(eps);
            for (; i <= w.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var gi = new Vector<float>(g[i..]);
                var si = new Vector<float>(sum[i..]) + gi * gi;
                si.CopyTo(sum[i..]);
                (new Vector<float>(w[i..]) - lrV * gi / (Vector.SquareRoot(si) + epsV)).CopyTo(w[i..]);
            }
        }
        for (; i < w.Length; i++)
        {
            float si = sum[i] + g[i] * g[i];
            sum[i] = si;
            w[i] -= lr * g[i] / (MathF.Sqrt(si) + eps);
        }
    }
}
