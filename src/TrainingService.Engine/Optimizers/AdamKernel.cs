using TrainingService.Engine.Kernels;

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

    /// <summary>
    /// One Adam step over a whole parameter (<see cref="AdamOperator"/>): <c>m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
    /// w ← w − stepSize·m / (√v·invSqrtC2 + ε)</c>, in a single pass with fused multiply-adds at every width, the scalar
    /// tail included, so every element gets the same bits at every vector width. <see cref="AdamJob"/> runs it over all
    /// parameters of a step across threads.
    /// </summary>
    public static void Update(
        float[] w, float[] g, float[] m, float[] v,
        float beta1, float beta2, float eps, float stepSize, float invSqrtC2)
    {
        if (g.Length < w.Length || m.Length < w.Length || v.Length < w.Length)
            throw new ArgumentException($"Adam needs gradient and moments of {w.Length} values.");
        UpdateRange(w, g, m, v, 0, w.Length, beta1, beta2, eps, stepSize, invSqrtC2);
    }

    /// <summary>Elements <c>[start, end)</c> of <see cref="Update"/>; the caller has checked the lengths.</summary>
    public static void UpdateRange(
        float[] w, float[] g, float[] m, float[] v, int start, int end,
        float beta1, float beta2, float eps, float stepSize, float invSqrtC2)
    {
        int length = end - start;
        ElementWise.Update(new AdamOperator(beta1, beta2, eps, stepSize, invSqrtC2),
            w.AsSpan(start, length), g.AsSpan(start, length), m.AsSpan(start, length), v.AsSpan(start, length));
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
