using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Activations;

/// <summary><c>f(x) = max(x, 0)</c>; the derivative at 0 is taken as 0.</summary>
public sealed class ReluActivation : ActivationFunction
{
    public override ActivationKind Kind => ActivationKind.Relu;

    private protected override void ForwardCore(ReadOnlySpan<float> input, Span<float> output, int batch, int width) =>
        ElementWise.Map(default(ReluOperator), input, output);

    private protected override void ForwardWithBiasCore(Span<float> preActivation, ReadOnlySpan<float> bias, Span<float> output, int batch, int width) =>
        ElementWise.MapWithBias(default(ReluOperator), preActivation, bias, output, batch, width);

    private protected override void BackwardCore(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int width) =>
        ElementWise.Map(default(ReluBackwardOperator), output, outputGradient, inputGradient);
}
