using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Activations;

/// <summary>
/// Row-wise softmax: each sample's features become probabilities summing to 1, computed as
/// <c>exp(x − max) / Σ exp(x − max)</c> so large inputs do not overflow. Paired with categorical
/// cross-entropy, the loss reads the pre-softmax logits instead (see <c>Losses</c>).
/// </summary>
public sealed class SoftmaxActivation : ActivationFunction
{
    public override ActivationKind Kind => ActivationKind.Softmax;

    private protected override void ForwardCore(ReadOnlySpan<float> input, Span<float> output, int batch, int width) =>
        RowKernels.Softmax(input, output, batch, width);

    private protected override void BackwardCore(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int width) =>
        RowKernels.SoftmaxBackward(output, outputGradient, inputGradient, batch, width);
}
