using System.Numerics.Tensors;

namespace TrainingService.Engine.Activations;

/// <summary>
/// An activation function applied to row-major <c>[batch, width]</c> matrices. Instances are
/// stateless and may be shared. In every method, outputs must not overlap inputs; shapes are
/// checked once here, the kernels behind them do not allocate.
/// </summary>
public abstract class ActivationFunction
{
    private protected ActivationFunction()
    {
    }

    public abstract ActivationKind Kind { get; }

    /// <summary>The slope (leaky ReLU) or α (ELU); 0 for activations without a parameter.</summary>
    public virtual float Alpha => 0f;

    /// <summary>Creates the activation of <paramref name="kind"/>; <paramref name="alpha"/> null means its default.</summary>
    public static ActivationFunction Create(ActivationKind kind, float? alpha = null) => kind switch
    {
        ActivationKind.Linear => new LinearActivation(),
        ActivationKind.Relu => new ReluActivation(),
        ActivationKind.LeakyRelu => new LeakyReluActivation(alpha ?? LeakyReluActivation.DefaultAlpha),
        ActivationKind.Elu => new EluActivation(alpha ?? EluActivation.DefaultAlpha),
        ActivationKind.Gelu => new GeluActivation(),
        ActivationKind.Sigmoid => new SigmoidActivation(),
        ActivationKind.Tanh => new TanhActivation(),
        ActivationKind.Softmax => new SoftmaxActivation(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation."),
    };

    /// <summary><c>output = f(input)</c> over the first <c>batch·width</c> elements.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int width)
    {
        int n = CheckShape(batch, width, input.Length, output.Length);
        ForwardCore(input[..n], output[..n], batch, width);
    }

    /// <summary>
    /// Fused bias + activation: <c>preActivation[r, :] += bias</c> in place for every row, then
    /// <c>output = f(preActivation)</c>. <paramref name="bias"/> has <paramref name="width"/> elements.
    /// </summary>
    public void ForwardWithBias(Span<float> preActivation, ReadOnlySpan<float> bias, Span<float> output, int batch, int width)
    {
        int n = CheckShape(batch, width, preActivation.Length, output.Length);
        if (bias.Length < width)
            throw new ArgumentException($"Bias has {bias.Length} elements; {width} are needed.", nameof(bias));
        ForwardWithBiasCore(preActivation[..n], bias[..width], output[..n], batch, width);
    }

    /// <summary>
    /// <c>inputGradient = ∂L/∂input</c> from <c>outputGradient = ∂L/∂output</c>: the element-wise
    /// product with f′ (a Jacobian-vector product per row for softmax). <paramref name="input"/> and
    /// <paramref name="output"/> are the values of the matching <see cref="Forward"/> call.
    /// </summary>
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int width)
    {
        int n = CheckShape(batch, width, Math.Min(input.Length, Math.Min(output.Length, outputGradient.Length)), inputGradient.Length);
        BackwardCore(input[..n], output[..n], outputGradient[..n], inputGradient[..n], batch, width);
    }

    private protected abstract void ForwardCore(ReadOnlySpan<float> input, Span<float> output, int batch, int width);

    private protected virtual void ForwardWithBiasCore(Span<float> preActivation, ReadOnlySpan<float> bias, Span<float> output, int batch, int width)
    {
        // Row by row so the row just biased is still in L1 when the activation reads it.
        for (int r = 0; r < batch; r++)
        {
            Span<float> row = preActivation.Slice(r * width, width);
            TensorPrimitives.Add(row, bias, row);
            ForwardCore(row, output.Slice(r * width, width), 1, width);
        }
    }

    private protected abstract void BackwardCore(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int width);

    public override string ToString() => Kind.ToString();

    private static int CheckShape(int batch, int width, int inputLength, int outputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        long n = (long)batch * width;
        if (inputLength < n || outputLength < n)
            throw new ArgumentException($"A [{batch}, {width}] activation needs {n} elements per span; got {inputLength} in, {outputLength} out.");
        return (int)n;
    }
}
