using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Activations;

/// <summary><c>f(x) = x &gt; 0 ? x : αx</c> with slope α ≥ 0 (default 0.01).</summary>
public sealed class LeakyReluActivation : ActivationFunction
{
    public const float DefaultAlpha = 0.01f;

    public LeakyReluActivation(float alpha = DefaultAlpha)
    {
        // α ≥ 0 keeps sign(f(x)) = sign(x), which lets backward work from the output alone.
        if (!(alpha >= 0f) || float.IsInfinity(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The leaky ReLU slope must be finite and ≥ 0.");
        Alpha = alpha;
    }

    public override ActivationKind Kind => ActivationKind.LeakyRelu;

    public override float Alpha { get; }

    private protected override void ForwardCore(ReadOnlySpan<float> input, Span<float> output, int batch, int width) =>
        ElementWise.Map(new LeakyReluOperator(Alpha), input, output);

    private protected override void ForwardWithBiasCore(Span<float> preActivation, ReadOnlySpan<float> bias, Span<float> output, int batch, int width) =>
        ElementWise.MapWithBias(new LeakyReluOperator(Alpha), preActivation, bias, output, batch, width);

    private protected override void BackwardCore(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int width) =>
        ElementWise.Map(new LeakyReluBackwardOperator(Alpha), output, outputGradient, inputGradient);
}
