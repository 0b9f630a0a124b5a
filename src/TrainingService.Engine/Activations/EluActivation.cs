using System.Numerics.Tensors;
using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Activations;

/// <summary><c>f(x) = x &gt; 0 ? x : α(eˣ − 1)</c> with α &gt; 0 (default 1).</summary>
public sealed class EluActivation : ActivationFunction
{
    public const float DefaultAlpha = 1f;

    public EluActivation(float alpha = DefaultAlpha)
    {
        // α > 0 keeps sign(f(x)) = sign(x), which lets backward work from the output alone.
        if (!(alpha > 0f) || float.IsInfinity(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The ELU α must be finite and > 0.");
        Alpha = alpha;
    }

    public override ActivationKind Kind => ActivationKind.Elu;

    public override float Alpha { get; }

    private protected override void ForwardCore(ReadOnlySpan<float> input, Span<float> output, int batch, int width)
    {
        // exp(min(x, 0)) cannot overflow; the select then keeps x where x > 0.
        TensorPrimitives.Min(input, 0f, output);
        TensorPrimitives.Exp(output, output);
        ElementWise.Map(new EluSelectOperator(Alpha), input, output, output);
    }

    private protected override void BackwardCore(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int width) =>
        ElementWise.Map(new EluBackwardOperator(Alpha), output, outputGradient, inputGradient);
}
