using System.Numerics;

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

    private readonly OptimizerSlots _slots = new(OptimizerKind.AdaDelta, 2);
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

    private static void Update(Span<float> w, ReadOnlySpan<float> g, Span<float> eg, Span<float> ed, float lr, float rho, float eps)
    {
        float omr = 1f - rho;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var lrV = new Vector<float>(lr);
            var epsV = new Vector<float>(eps);
            var rhoV = new Vector<float>(rho);
            var omrV = new Vector<float>(omr);
            for (; i <= w.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var gi = new Vector<float>(g[i..]);
                var egi = rhoV * new Vector<float>(eg[i..]) + omrV * (gi * gi);
                egi.CopyTo(eg[i..]);
                var edi = new Vector<float>(ed[i..]);
                var d = Vector.SquareRoot(edi + epsV) / Vector.SquareRoot(egi + epsV) * gi;
                (rhoV * edi + omrV * (d * d)).CopyTo(ed[i..]);
                (new Vector<float>(w[i..]) - lrV * d).CopyTo(w[i..]);
            }
        }
        for (; i < w.Length; i++)
        {
            float egi = rho * eg[i] + omr * (g[i] * g[i]);
            eg[i] = egi;
            float d = MathF.Sqrt(ed[i] + eps) / MathF.Sqrt(egi + eps) * g[i];
            ed[i] = rho * ed[i] + omr * (d * d);
            w[i] -= lr * d;
        }
    }
}
