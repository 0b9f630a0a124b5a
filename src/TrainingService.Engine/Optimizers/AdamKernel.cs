using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    /// One Adam step over a whole parameter: <c>m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
    /// w ← w − stepSize·m / (√v·invSqrtC2 + ε)</c>, in a single pass of the widest accelerated vector
    /// with fused multiply-adds (the scalar tail uses the same fused operations, so every element gets
    /// the same bits at every vector width). <see cref="AdamJob"/> runs it over all parameters of a step
    /// across threads.
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
        float omb1 = 1f - beta1, omb2 = 1f - beta2;
        ref float wr = ref MemoryMarshal.GetArrayDataReference(w);
        ref float gr = ref MemoryMarshal.GetArrayDataReference(g);
        ref float mr = ref MemoryMarshal.GetArrayDataReference(m);
        ref float vr = ref MemoryMarshal.GetArrayDataReference(v);
        nuint i = (nuint)start, count = (nuint)end;
        if (Vector512.IsHardwareAccelerated)
        {
            var b1 = Vector512.Create(beta1); var b2 = Vector512.Create(beta2);
            var o1 = Vector512.Create(omb1); var o2 = Vector512.Create(omb2);
            var epsV = Vector512.Create(eps); var step = Vector512.Create(-stepSize); var inv = Vector512.Create(invSqrtC2);
            for (; i + (nuint)Vector512<float>.Count <= count; i += (nuint)Vector512<float>.Count)
            {
                var gi = Vector512.LoadUnsafe(ref gr, i);
                var mi = Vector512.FusedMultiplyAdd(b1, Vector512.LoadUnsafe(ref mr, i), o1 * gi);
                var vi = Vector512.FusedMultiplyAdd(b2, Vector512.LoadUnsafe(ref vr, i), o2 * gi * gi);
                mi.StoreUnsafe(ref mr, i);
                vi.StoreUnsafe(ref vr, i);
                var denominator = Vector512.FusedMultiplyAdd(Vector512.Sqrt(vi), inv, epsV);
                Vector512.FusedMultiplyAdd(step, mi / denominator, Vector512.LoadUnsafe(ref wr, i)).StoreUnsafe(ref wr, i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var b1 = Vector256.Create(beta1); var b2 = Vector256.Create(beta2);
            var o1 = Vector256.Create(omb1); var o2 = Vector256.Create(omb2);
            var epsV = Vector256.Create(eps); var step = Vector256.Create(-stepSize); var inv = Vector256.Create(invSqrtC2);
            for (; i + (nuint)Vector256<float>.Count <= count; i += (nuint)Vector256<float>.Count)
            {
                var gi = Vector256.LoadUnsafe(ref gr, i);
                var mi = Vector256.FusedMultiplyAdd(b1, Vector256.LoadUnsafe(ref mr, i), o1 * gi);
                var vi = Vector256.FusedMultiplyAdd(b2, Vector256.LoadUnsafe(ref vr, i), o2 * gi * gi);
                mi.StoreUnsafe(ref mr, i);
                vi.StoreUnsafe(ref vr, i);
                var denominator = Vector256.FusedMultiplyAdd(Vector256.Sqrt(vi), inv, epsV);
                Vector256.FusedMultiplyAdd(step, mi / denominator, Vector256.LoadUnsafe(ref wr, i)).StoreUnsafe(ref wr, i);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var b1 = Vector128.Create(beta1); var b2 = Vector128.Create(beta2);
            var o1 = Vector128.Create(omb1); var o2 = Vector128.Create(omb2);
            var epsV = Vector128.Create(eps); var step = Vector128.Create(-stepSize); var inv = Vector128.Create(invSqrtC2);
            for (; i + (nuint)Vector128<float>.Count <= count; i += (nuint)Vector128<float>.Count)
            {
                var gi = Vector128.LoadUnsafe(ref gr, i);
                var mi = Vector128.FusedMultiplyAdd(b1, Vector128.LoadUnsafe(ref mr, i), o1 * gi);
                var vi = Vector128.FusedMultiplyAdd(b2, Vector128.LoadUnsafe(ref vr, i), o2 * gi * gi);
                mi.StoreUnsafe(ref mr, i);
                vi.StoreUnsafe(ref vr, i);
                var denominator = Vector128.FusedMultiplyAdd(Vector128.Sqrt(vi), inv, epsV);
                Vector128.FusedMultiplyAdd(step, mi / denominator, Vector128.LoadUnsafe(ref wr, i)).StoreUnsafe(ref wr, i);
            }
        }
        for (; i < count; i++)
        {
            float gi = Unsafe.Add(ref gr, i);
            float mi = MathF.FusedMultiplyAdd(beta1, Unsafe.Add(ref mr, i), omb1 * gi);
            float vi = MathF.FusedMultiplyAdd(beta2, Unsafe.Add(ref vr, i), omb2 * gi * gi);
            Unsafe.Add(ref mr, i) = mi;
            Unsafe.Add(ref vr, i) = vi;
            float denominator = MathF.FusedMultiplyAdd(MathF.Sqrt(vi), invSqrtC2, eps);
            Unsafe.Add(ref wr, i) = MathF.FusedMultiplyAdd(-stepSize, mi / denominator, Unsafe.Add(ref wr, i));
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
