using System.Numerics;

namespace TrainingService.Engine.Optimizers;

/// <summary>The Adam moment update and step shared by <see cref="Adam"/> and <see cref="AdamW"/>.</summary>
internal static class AdamKernel
{
    /// <summary>
    /// Bias corrections for step <paramref name="t"/> (1-based), folded as PyTorch does:
    /// <c>w ← w − (lr/c1)·m / (√v/√c2 + ε)</c> with <c>c1 = 1−β1ᵗ</c>, <c>c2 = 1−β2ᵗ</c>.
    /// </summary>
    public static (float StepSize, float InvSqrtC2) Corrections(long t, float lr, float beta1, float beta2)
    {
        double c1 = 1.0 - Math.Pow(beta1, t);
        double c2 = 1.0 - Math.Pow(beta2, t);
        return ((float)(lr / c1), (float)(1.0 / Math.Sqrt(c2)));
    }

    public static void Update(
        Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v,
        float beta1, float beta2, float eps, float stepSize, float invSqrtC2)
    {
        float omb1 = 1f - beta1, omb2 = 1f - beta2;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var b1 = new Vector<float>(beta1);
            var b2 = new Vector<float>(beta2);
            var o1 = new Vector<float>(omb1);
            var o2 = new Vector<float>(omb2);
            var epsV = new Vector<float>(eps);
            var stepV = new Vector<float>(stepSize);
            var invV = new Vector<float>(invSqrtC2);
            for (; i <= w.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var gi = new Vector<float>(g[i..]);
                var mi = b1 * new Vector<float>(m[i..]) + o1 * gi;
                var vi = b2 * new Vector<float>(v[i..]) + o2 * (gi * gi);
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                (new Vector<float>(w[i..]) - stepV * mi / (Vector.SquareRoot(vi) * invV + epsV)).CopyTo(w[i..]);
            }
        }
        for (; i < w.Length; i++)
        {
            float mi = beta1 * m[i] + omb1 * g[i];
            float vi = beta2 * v[i] + omb2 * (g[i] * g[i]);
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * mi / (MathF.Sqrt(vi) * invSqrtC2 + eps);
        }
    }

    public static void Validate(float beta1, float beta2, float epsilon)
    {
        if (!(beta1 >= 0f && beta1 < 1f))
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "Beta1 must be in [0, 1).");
        if (!(beta2 >= 0f && beta2 < 1f))
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "Beta2 must be in [0, 1).");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
    }
}
