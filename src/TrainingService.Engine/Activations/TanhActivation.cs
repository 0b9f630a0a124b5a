using System.Numerics.Tensors;
using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Activations;

/// <summary>Hyperbolic tangent.</summary>
public sealed class TanhActivation : ActivationFunction
{
    public override ActivationKind Kind => ActivationKind.Tanh;

    private protected override void ForwardCore(ReadOnlySpan<float> input, Span<float> output, int batch, int width) =>
        TensorPrimitives.Tanh(input, output);

    private protected override void BackwardCore(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int width) =>
        ElementWise.Map(default(TanhBackwardOperator), output, outputGradient, inputGradient);
}
