using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Optimizers;

// The per-element update rules of the optimizers, for ElementWise.Update. Each width performs the same float operations
// in the same order as the scalar form (fused multiply-adds only where the scalar form fuses too), so a step gives the
// same bits whatever vector width the machine has, and with no acceleration at all. The two largest rules are marked
// AggressiveInlining: left to the JIT's budget they were not always inlined, and the loop then ran ~7 % slower on large
// parameters than the hand-written per-width copies it replaces.

/// <summary>Heavy-ball momentum, weight w, gradient g, velocity v: <c>v ← μ·v + g; w ← w − lr·v</c>.</summary>
internal readonly struct MomentumOperator(float learningRate, float momentum) : IOneSlotUpdateKernel
{
    public float Invoke(float w, float g, ref float v)
    {
        v = momentum * v + g;
        return w - learningRate * v;
    }

    public Vector128<float> Invoke(Vector128<float> w, Vector128<float> g, ref Vector128<float> v)
    {
        v = Vector128.Create(momentum) * v + g;
        return w - Vector128.Create(learningRate) * v;
    }

    public Vector256<float> Invoke(Vector256<float> w, Vector256<float> g, ref Vector256<float> v)
    {
        v = Vector256.Create(momentum) * v + g;
        return w - Vector256.Create(learningRate) * v;
    }

    public Vector512<float> Invoke(Vector512<float> w, Vector512<float> g, ref Vector512<float> v)
    {
        v = Vector512.Create(momentum) * v + g;
        return w - Vector512.Create(learningRate) * v;
    }
}

/// <summary>Nesterov momentum: <c>v ← μ·v + g; w ← w − lr·(g + μ·v)</c>.</summary>
internal readonly struct NesterovOperator(float learningRate, float momentum) : IOneSlotUpdateKernel
{
    public float Invoke(float w, float g, ref float v)
    {
        v = momentum * v + g;
        return w - learningRate * (g + momentum * v);
    }

    public Vector128<float> Invoke(Vector128<float> w, Vector128<float> g, ref Vector128<float> v)
    {
        var mu = Vector128.Create(momentum);
        v = mu * v + g;
        return w - Vector128.Create(learningRate) * (g + mu * v);
    }

    public Vector256<float> Invoke(Vector256<float> w, Vector256<float> g, ref Vector256<float> v)
    {
        var mu = Vector256.Create(momentum);
        v = mu * v + g;
        return w - Vector256.Create(learningRate) * (g + mu * v);
    }

    public Vector512<float> Invoke(Vector512<float> w, Vector512<float> g, ref Vector512<float> v)
    {
        var mu = Vector512.Create(momentum);
        v = mu * v + g;
        return w - Vector512.Create(learningRate) * (g + mu * v);
    }
}

/// <summary>Adagrad with gradient-square sum G: <c>G ← G + g²; w ← w − lr·g / (√G + ε)</c>.</summary>
internal readonly struct AdagradOperator(float learningRate, float epsilon) : IOneSlotUpdateKernel
{
    public float Invoke(float w, float g, ref float sum)
    {
        sum += g * g;
        return w - learningRate * g / (MathF.Sqrt(sum) + epsilon);
    }

    public Vector128<float> Invoke(Vector128<float> w, Vector128<float> g, ref Vector128<float> sum)
    {
        sum += g * g;
        return w - Vector128.Create(learningRate) * g / (Vector128.Sqrt(sum) + Vector128.Create(epsilon));
    }

    public Vector256<float> Invoke(Vector256<float> w, Vector256<float> g, ref Vector256<float> sum)
    {
        sum += g * g;
        return w - Vector256.Create(learningRate) * g / (Vector256.Sqrt(sum) + Vector256.Create(epsilon));
    }

    public Vector512<float> Invoke(Vector512<float> w, Vector512<float> g, ref Vector512<float> sum)
    {
        sum += g * g;
        return w - Vector512.Create(learningRate) * g / (Vector512.Sqrt(sum) + Vector512.Create(epsilon));
    }
}

/// <summary>RMSprop with mean square s: <c>s ← ρ·s + (1−ρ)·g²; w ← w − lr·g / (√s + ε)</c>.</summary>
internal readonly struct RmsPropOperator(float learningRate, float rho, float epsilon) : IOneSlotUpdateKernel
{
    private readonly float _oneMinusRho = 1f - rho;

    public float Invoke(float w, float g, ref float s)
    {
        s = rho * s + _oneMinusRho * (g * g);
        return w - learningRate * g / (MathF.Sqrt(s) + epsilon);
    }

    public Vector128<float> Invoke(Vector128<float> w, Vector128<float> g, ref Vector128<float> s)
    {
        s = Vector128.Create(rho) * s + Vector128.Create(_oneMinusRho) * (g * g);
        return w - Vector128.Create(learningRate) * g / (Vector128.Sqrt(s) + Vector128.Create(epsilon));
    }

    public Vector256<float> Invoke(Vector256<float> w, Vector256<float> g, ref Vector256<float> s)
    {
        s = Vector256.Create(rho) * s + Vector256.Create(_oneMinusRho) * (g * g);
        return w - Vector256.Create(learningRate) * g / (Vector256.Sqrt(s) + Vector256.Create(epsilon));
    }

    public Vector512<float> Invoke(Vector512<float> w, Vector512<float> g, ref Vector512<float> s)
    {
        s = Vector512.Create(rho) * s + Vector512.Create(_oneMinusRho) * (g * g);
        return w - Vector512.Create(learningRate) * g / (Vector512.Sqrt(s) + Vector512.Create(epsilon));
    }
}

/// <summary>
/// Adadelta with E[g²] and E[Δ²]: <c>E[g²] ← ρ·E[g²] + (1−ρ)·g²; d = √(E[Δ²]+ε) / √(E[g²]+ε) · g;
/// E[Δ²] ← ρ·E[Δ²] + (1−ρ)·d²; w ← w − lr·d</c>.
/// </summary>
internal readonly struct AdaDeltaOperator(float learningRate, float rho, float epsilon) : ITwoSlotUpdateKernel
{
    private readonly float _oneMinusRho = 1f - rho;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float w, float g, ref float eg, ref float ed)
    {
        eg = rho * eg + _oneMinusRho * (g * g);
        float d = MathF.Sqrt(ed + epsilon) / MathF.Sqrt(eg + epsilon) * g;
        ed = rho * ed + _oneMinusRho * (d * d);
        return w - learningRate * d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> w, Vector128<float> g, ref Vector128<float> eg, ref Vector128<float> ed)
    {
        var r = Vector128.Create(rho); var omr = Vector128.Create(_oneMinusRho); var eps = Vector128.Create(epsilon);
        eg = r * eg + omr * (g * g);
        var d = Vector128.Sqrt(ed + eps) / Vector128.Sqrt(eg + eps) * g;
        ed = r * ed + omr * (d * d);
        return w - Vector128.Create(learningRate) * d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> w, Vector256<float> g, ref Vector256<float> eg, ref Vector256<float> ed)
    {
        var r = Vector256.Create(rho); var omr = Vector256.Create(_oneMinusRho); var eps = Vector256.Create(epsilon);
        eg = r * eg + omr * (g * g);
        var d = Vector256.Sqrt(ed + eps) / Vector256.Sqrt(eg + eps) * g;
        ed = r * ed + omr * (d * d);
        return w - Vector256.Create(learningRate) * d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> w, Vector512<float> g, ref Vector512<float> eg, ref Vector512<float> ed)
    {
        var r = Vector512.Create(rho); var omr = Vector512.Create(_oneMinusRho); var eps = Vector512.Create(epsilon);
        eg = r * eg + omr * (g * g);
        var d = Vector512.Sqrt(ed + eps) / Vector512.Sqrt(eg + eps) * g;
        ed = r * ed + omr * (d * d);
        return w - Vector512.Create(learningRate) * d;
    }
}

/// <summary>
/// The bias-corrected Adam step with fused multiply-adds at every width, the scalar form included:
/// <c>m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; w ← w − stepSize·m / (√v·invSqrtC2 + ε)</c>
/// (see <see cref="AdamKernel.Corrections"/>).
/// </summary>
internal readonly struct AdamOperator(float beta1, float beta2, float epsilon, float stepSize, float invSqrtC2) : ITwoSlotUpdateKernel
{
    private readonly float _oneMinusBeta1 = 1f - beta1, _oneMinusBeta2 = 1f - beta2, _negativeStep = -stepSize;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float w, float g, ref float m, ref float v)
    {
        m = MathF.FusedMultiplyAdd(beta1, m, _oneMinusBeta1 * g);
        v = MathF.FusedMultiplyAdd(beta2, v, _oneMinusBeta2 * g * g);
        float denominator = MathF.FusedMultiplyAdd(MathF.Sqrt(v), invSqrtC2, epsilon);
        return MathF.FusedMultiplyAdd(_negativeStep, m / denominator, w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> w, Vector128<float> g, ref Vector128<float> m, ref Vector128<float> v)
    {
        m = Vector128.FusedMultiplyAdd(Vector128.Create(beta1), m, Vector128.Create(_oneMinusBeta1) * g);
        v = Vector128.FusedMultiplyAdd(Vector128.Create(beta2), v, Vector128.Create(_oneMinusBeta2) * g * g);
        var denominator = Vector128.FusedMultiplyAdd(Vector128.Sqrt(v), Vector128.Create(invSqrtC2), Vector128.Create(epsilon));
        return Vector128.FusedMultiplyAdd(Vector128.Create(_negativeStep), m / denominator, w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> w, Vector256<float> g, ref Vector256<float> m, ref Vector256<float> v)
    {
        m = Vector256.FusedMultiplyAdd(Vector256.Create(beta1), m, Vector256.Create(_oneMinusBeta1) * g);
        v = Vector256.FusedMultiplyAdd(Vector256.Create(beta2), v, Vector256.Create(_oneMinusBeta2) * g * g);
        var denominator = Vector256.FusedMultiplyAdd(Vector256.Sqrt(v), Vector256.Create(invSqrtC2), Vector256.Create(epsilon));
        return Vector256.FusedMultiplyAdd(Vector256.Create(_negativeStep), m / denominator, w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> w, Vector512<float> g, ref Vector512<float> m, ref Vector512<float> v)
    {
        m = Vector512.FusedMultiplyAdd(Vector512.Create(beta1), m, Vector512.Create(_oneMinusBeta1) * g);
        v = Vector512.FusedMultiplyAdd(Vector512.Create(beta2), v, Vector512.Create(_oneMinusBeta2) * g * g);
        var denominator = Vector512.FusedMultiplyAdd(Vector512.Sqrt(v), Vector512.Create(invSqrtC2), Vector512.Create(epsilon));
        return Vector512.FusedMultiplyAdd(Vector512.Create(_negativeStep), m / denominator, w);
    }
}
