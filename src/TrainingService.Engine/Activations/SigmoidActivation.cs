using System.Numerics.Tensors;
using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Activations;

/// <summary><c>f(x) = 1 / (1 + e⁻ˣ)</c>.</summary>
public sealed class SigmoidActivation : ActivationFunction
{
    public override ActivationKind Kind => ActivationKind.Sigmoid;

    private protected override void ForwardCore(ReadOnlySpan<float> input, Span<float> output, int batch, int width) =>
        TensorPrimitives.Sigmoid(input, output);

    private protected override void BackwardCore(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int width) =>
        ElementWise.Map(default(SigmoidBackwardOperator), output, outputGradient, inputGradient);
}
