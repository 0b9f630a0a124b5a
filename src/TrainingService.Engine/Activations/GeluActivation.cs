using System.Numerics.Tensors;
using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Activations;

/// <summary>
/// GELU in its tanh approximation (as in BERT/GPT-2 and Keras' <c>approximate=True</c>):
/// <c>f(x) = ½x(1 + tanh(√(2/π)(x + 0.044715x³)))</c>. Backward needs the pre-activation input.
/// </summary>
public sealed class GeluActivation : ActivationFunction
{
    /// <summary>k = √(2/π), as the forward pass uses it (a float); exporters that rebuild the formula need the same value.</summary>
    public const float TanhScale = GeluBackwardOperator.K;

    /// <summary>c = 0.044715, the cubic term's coefficient, as the forward pass uses it.</summary>
    public const float CubicCoefficient = GeluBackwardOperator.C;

    public override ActivationKind Kind => ActivationKind.Gelu;

    private protected override void ForwardCore(ReadOnlySpan<float> input, Span<float> output, int batch, int width)
    {
        TanhOfInner(input, output);
        TensorPrimitives.MultiplyAdd(output, input, input, output); // x·t + x
        TensorPrimitives.Multiply(output, 0.5f, output);
    }

    private protected override void BackwardCore(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int width)
    {
        // Recomputing t costs one tanh pass but spares the layer a buffer of it.
        TanhOfInner(input, inputGradient);
        ElementWise.Map(default(GeluBackwardOperator), input, inputGradient, outputGradient, inputGradient);
    }

    /// <summary><c>t = tanh(k·x·(1 + c·x²))</c> into <paramref name="t"/>.</summary>
    private static void TanhOfInner(ReadOnlySpan<float> x, Span<float> t)
    {
        TensorPrimitives.Multiply(x, x, t);
        TensorPrimitives.Multiply(t, GeluBackwardOperator.C, t);
        TensorPrimitives.Add(t, 1f, t);
        TensorPrimitives.Multiply(t, x, t);
        TensorPrimitives.Multiply(t, GeluBackwardOperator.K, t);
        TensorPrimitives.Tanh(t, t);
    }
}
