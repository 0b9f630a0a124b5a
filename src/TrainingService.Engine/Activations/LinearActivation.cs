using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Activations;

/// <summary>The identity, <c>f(x) = x</c>.</summary>
public sealed class LinearActivation : ActivationFunction
{
    public override ActivationKind Kind => ActivationKind.Linear;

    private protected override void ForwardCore(ReadOnlySpan<float> input, Span<float> output, int batch, int width) => input.CopyTo(output);

    private protected override void ForwardWithBiasCore(Span<float> preActivation, ReadOnlySpan<float> bias, Span<float> output, int batch, int width) =>
        ElementWise.MapWithBias(default(IdentityOperator), preActivation, bias, output, batch, width);

    private protected override void BackwardCore(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int width) =>
        outputGradient.CopyTo(inputGradient);
}
