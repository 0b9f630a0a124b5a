using System.Runtime.Intrinsics;

namespace TrainingService.Engine.Kernels;

// The element-wise halves of the activations that TensorPrimitives has no single call for.
// Comparisons use "> 0" at every width so that scalar and vector paths agree bit for bit.
// Backward kernels read the activation's output y where that determines the derivative,
// so layers need not keep the pre-activation for them.

/// <summary><c>f(x) = x</c>.</summary>
internal readonly struct IdentityOperator : IUnaryKernel
{
    public float Invoke(float x) => x;
    public Vector128<float> Invoke(Vector128<float> x) => x;
    public Vector256<float> Invoke(Vector256<float> x) => x;
    public Vector512<float> Invoke(Vector512<float> x) => x;
}

/// <summary><c>f(x) = x &gt; 0 ? x : 0</c>.</summary>
internal readonly struct ReluOperator : IUnaryKernel
{
    public float Invoke(float x) => x > 0f ? x : 0f;
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), x, Vector128<float>.Zero);
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, Vector256<float>.Zero);
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, Vector512<float>.Zero);
}

/// <summary><c>f(x) = x &gt; 0 ? x : αx</c>.</summary>
internal readonly struct LeakyReluOperator(float alpha) : IUnaryKernel
{
    public float Invoke(float x) => x > 0f ? x : alpha * x;
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), x, x * alpha);
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, x * alpha);
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, x * alpha);
}

/// <summary>ELU from x and <c>e = exp(min(x, 0))</c>: <c>x &gt; 0 ? x : α(e − 1)</c>.</summary>
internal readonly struct EluSelectOperator(float alpha) : IBinaryKernel
{
    public float Invoke(float x, float e) => x > 0f ? x : alpha * (e - 1f);
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> e) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), x, (e - Vector128<float>.One) * alpha);
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> e) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, (e - Vector256<float>.One) * alpha);
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> e) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, (e - Vector512<float>.One) * alpha);
}

/// <summary>ReLU backward from output y and incoming gradient g: <c>y &gt; 0 ? g : 0</c>.</summary>
internal readonly struct ReluBackwardOperator : IBinaryKernel
{
    public float Invoke(float y, float g) => y > 0f ? g : 0f;
    public Vector128<float> Invoke(Vector128<float> y, Vector128<float> g) => Vector128.ConditionalSelect(Vector128.GreaterThan(y, Vector128<float>.Zero), g, Vector128<float>.Zero);
    public Vector256<float> Invoke(Vector256<float> y, Vector256<float> g) => Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), g, Vector256<float>.Zero);
    public Vector512<float> Invoke(Vector512<float> y, Vector512<float> g) => Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), g, Vector512<float>.Zero);
}

/// <summary>Leaky ReLU backward from output y (sign of y is the sign of x for α ≥ 0): <c>y &gt; 0 ? g : αg</c>.</summary>
internal readonly struct LeakyReluBackwardOperator(float alpha) : IBinaryKernel
{
    public float Invoke(float y, float g) => y > 0f ? g : alpha * g;
    public Vector128<float> Invoke(Vector128<float> y, Vector128<float> g) => Vector128.ConditionalSelect(Vector128.GreaterThan(y, Vector128<float>.Zero), g, g * alpha);
    public Vector256<float> Invoke(Vector256<float> y, Vector256<float> g) => Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), g, g * alpha);
    public Vector512<float> Invoke(Vector512<float> y, Vector512<float> g) => Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), g, g * alpha);
}

/// <summary>ELU backward from output y: for x ≤ 0, <c>f'(x) = α·exp(x) = y + α</c>.</summary>
internal readonly struct EluBackwardOperator(float alpha) : IBinaryKernel
{
    public float Invoke(float y, float g) => y > 0f ? g : g * (y + alpha);
    public Vector128<float> Invoke(Vector128<float> y, Vector128<float> g) => Vector128.ConditionalSelect(Vector128.GreaterThan(y, Vector128<float>.Zero), g, g * (y + Vector128.Create(alpha)));
    public Vector256<float> Invoke(Vector256<float> y, Vector256<float> g) => Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), g, g * (y + Vector256.Create(alpha)));
    public Vector512<float> Invoke(Vector512<float> y, Vector512<float> g) => Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), g, g * (y + Vector512.Create(alpha)));
}

/// <summary>Sigmoid backward from output y: <c>g·y(1 − y)</c>.</summary>
internal readonly struct SigmoidBackwardOperator : IBinaryKernel
{
    public float Invoke(float y, float g) => g * (y * (1f - y));
    public Vector128<float> Invoke(Vector128<float> y, Vector128<float> g) => g * (y * (Vector128<float>.One - y));
    public Vector256<float> Invoke(Vector256<float> y, Vector256<float> g) => g * (y * (Vector256<float>.One - y));
    public Vector512<float> Invoke(Vector512<float> y, Vector512<float> g) => g * (y * (Vector512<float>.One - y));
}

/// <summary>Tanh backward from output y: <c>g(1 − y²)</c>.</summary>
internal readonly struct TanhBackwardOperator : IBinaryKernel
{
    public float Invoke(float y, float g) => g * (1f - y * y);
    public Vector128<float> Invoke(Vector128<float> y, Vector128<float> g) => g * (Vector128<float>.One - y * y);
    public Vector256<float> Invoke(Vector256<float> y, Vector256<float> g) => g * (Vector256<float>.One - y * y);
    public Vector512<float> Invoke(Vector512<float> y, Vector512<float> g) => g * (Vector512<float>.One - y * y);
}

/// <summary>
/// GELU (tanh approximation) backward from input x, <c>t = tanh(k(x + c·x³))</c> and gradient g:
/// <c>g·(½(1 + t) + ½x(1 − t²)·k(1 + 3c·x²))</c>.
/// </summary>
internal readonly struct GeluBackwardOperator : ITernaryKernel
{
    public const float K = 0.7978845608028654f; // sqrt(2/pi)
    public const float C = 0.044715f;
    private const float K3C = K * 3f * C;

    public float Invoke(float x, float t, float g) => g * (0.5f * (1f + t) + 0.5f * x * (1f - t * t) * (K + K3C * (x * x)));

    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> t, Vector128<float> g)
    {
        var half = Vector128.Create(0.5f);
        return g * (half * (Vector128<float>.One + t) + half * x * (Vector128<float>.One - t * t) * (Vector128.Create(K) + Vector128.Create(K3C) * (x * x)));
    }

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> t, Vector256<float> g)
    {
        var half = Vector256.Create(0.5f);
        return g * (half * (Vector256<float>.One + t) + half * x * (Vector256<float>.One - t * t) * (Vector256.Create(K) + Vector256.Create(K3C) * (x * x)));
    }

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> t, Vector512<float> g)
    {
        var half = Vector512.Create(0.5f);
        return g * (half * (Vector512<float>.One + t) + half * x * (Vector512<float>.One - t * t) * (Vector512.Create(K) + Vector512.Create(K3C) * (x * x)));
    }
}

/// <summary><c>f(x) = s·sign(x)</c> with <c>sign(0) = 0</c>; the mean-absolute-error gradient.</summary>
internal readonly struct ScaledSignOperator(float scale) : IUnaryKernel
{
    public float Invoke(float x) => x > 0f ? scale : x < 0f ? -scale : 0f;

    public Vector128<float> Invoke(Vector128<float> x)
    {
        var s = Vector128.Create(scale);
        return Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), s, Vector128<float>.Zero)
             - Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), s, Vector128<float>.Zero);
    }

    public Vector256<float> Invoke(Vector256<float> x)
    {
        var s = Vector256.Create(scale);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), s, Vector256<float>.Zero)
             - Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), s, Vector256<float>.Zero);
    }

    public Vector512<float> Invoke(Vector512<float> x)
    {
        var s = Vector512.Create(scale);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), s, Vector512<float>.Zero)
             - Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), s, Vector512<float>.Zero);
    }
}
