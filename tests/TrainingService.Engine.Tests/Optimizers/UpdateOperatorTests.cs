using TrainingService.Engine.Kernels;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Regularization;
using TrainingService.Engine.Tests.TestSupport;

namespace TrainingService.Engine.Tests.Optimizers;

/// <summary>
/// Each optimizer's per-element rule through <see cref="ElementWise"/> against a plain scalar loop of the same float
/// operations, at every length from 0 to 69 and a few odd larger ones: equal bit for bit, whatever the vector width.
/// </summary>
public sealed class UpdateOperatorTests
{
    private const float Lr = 0.05f, Mu = 0.9f, Rho = 0.9f, Eps = 1e-6f;

    public static TheoryData<int> Lengths => new(Enumerable.Range(0, 70).Concat([127, 129, 257, 1031]));

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Momentum_EveryLength_EqualsScalarLoop(int n)
    {
        var (w, g, s, _) = Inputs(n);
        float[] ew = (float[])w.Clone(), es = (float[])s.Clone();
        for (int i = 0; i < n; i++) { es[i] = Mu * es[i] + g[i]; ew[i] -= Lr * es[i]; }

        ElementWise.Update(new MomentumOperator(Lr, Mu), w, g, s);

        Assert.Equal(ew, w);
        Assert.Equal(es, s);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Nesterov_EveryLength_EqualsScalarLoop(int n)
    {
        var (w, g, s, _) = Inputs(n);
        float[] ew = (float[])w.Clone(), es = (float[])s.Clone();
        for (int i = 0; i < n; i++) { es[i] = Mu * es[i] + g[i]; ew[i] -= Lr * (g[i] + Mu * es[i]); }

        ElementWise.Update(new NesterovOperator(Lr, Mu), w, g, s);

        Assert.Equal(ew, w);
        Assert.Equal(es, s);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Adagrad_EveryLength_EqualsScalarLoop(int n)
    {
        var (w, g, s, _) = Inputs(n);
        float[] ew = (float[])w.Clone(), es = (float[])s.Clone();
        for (int i = 0; i < n; i++) { es[i] += g[i] * g[i]; ew[i] -= Lr * g[i] / (MathF.Sqrt(es[i]) + Eps); }

        ElementWise.Update(new AdagradOperator(Lr, Eps), w, g, s);

        Assert.Equal(ew, w);
        Assert.Equal(es, s);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void RmsProp_EveryLength_EqualsScalarLoop(int n)
    {
        var (w, g, s, _) = Inputs(n);
        float[] ew = (float[])w.Clone(), es = (float[])s.Clone();
        for (int i = 0; i < n; i++) { es[i] = Rho * es[i] + (1f - Rho) * (g[i] * g[i]); ew[i] -= Lr * g[i] / (MathF.Sqrt(es[i]) + Eps); }

        ElementWise.Update(new RmsPropOperator(Lr, Rho, Eps), w, g, s);

        Assert.Equal(ew, w);
        Assert.Equal(es, s);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AdaDelta_EveryLength_EqualsScalarLoop(int n)
    {
        var (w, g, eg, ed) = Inputs(n);
        float[] ew = (float[])w.Clone(), eeg = (float[])eg.Clone(), eed = (float[])ed.Clone();
        for (int i = 0; i < n; i++)
        {
            eeg[i] = Rho * eeg[i] + (1f - Rho) * (g[i] * g[i]);
            float d = MathF.Sqrt(eed[i] + Eps) / MathF.Sqrt(eeg[i] + Eps) * g[i];
            eed[i] = Rho * eed[i] + (1f - Rho) * (d * d);
            ew[i] -= Lr * d;
        }

        ElementWise.Update(new AdaDeltaOperator(Lr, Rho, Eps), w, g, eg, ed);

        Assert.Equal(ew, w);
        Assert.Equal(eeg, eg);
        Assert.Equal(eed, ed);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Adam_EveryLength_EqualsScalarLoopWithFusedMultiplyAdds(int n)
    {
        const float b1 = 0.9f, b2 = 0.999f, step = 0.01f, inv = 3f;
        var (w, g, m, v) = Inputs(n);
        float[] ew = (float[])w.Clone(), em = (float[])m.Clone(), ev = (float[])v.Clone();
        for (int i = 0; i < n; i++)
        {
            em[i] = MathF.FusedMultiplyAdd(b1, em[i], (1f - b1) * g[i]);
            ev[i] = MathF.FusedMultiplyAdd(b2, ev[i], (1f - b2) * g[i] * g[i]);
            ew[i] = MathF.FusedMultiplyAdd(-step, em[i] / MathF.FusedMultiplyAdd(MathF.Sqrt(ev[i]), inv, Eps), ew[i]);
        }

        AdamKernel.Update(w, g, m, v, b1, b2, Eps, step, inv);

        Assert.Equal(ew, w);
        Assert.Equal(em, m);
        Assert.Equal(ev, v);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void PenaltyGradient_EveryLength_EqualsScalarLoop(int n)
    {
        var (w, g, _, _) = Inputs(n);
        if (n > 3) w[3] = 0f; // sign(0) = 0
        const float l1 = 0.1f, l2 = 0.01f;
        float[] eg = (float[])g.Clone();
        for (int i = 0; i < n; i++) eg[i] += (w[i] > 0f ? l1 : w[i] < 0f ? -l1 : 0f) + 2f * l2 * w[i];

        ElementWise.Map(new PenaltyGradientOperator(l1, 2f * l2), w, g, g);

        Assert.Equal(eg, g);
    }

    // Weight and gradient in [-1, 1); the state slots non-negative, as accumulated squares are.
    private static (float[] W, float[] G, float[] S1, float[] S2) Inputs(int n) => (
        TestData.Uniform(n, seed: (ulong)n + 101),
        TestData.Uniform(n, seed: (ulong)n + 102),
        TestData.Uniform(n, seed: (ulong)n + 103, scale: 0.1f).Select(Math.Abs).ToArray(),
        TestData.Uniform(n, seed: (ulong)n + 104, scale: 0.01f).Select(Math.Abs).ToArray());
}
