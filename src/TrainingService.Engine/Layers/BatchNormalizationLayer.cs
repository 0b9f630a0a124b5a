using System.Numerics.Tensors;
using TrainingService.Engine.Specs;

namespace TrainingService.Engine.Layers;

/// <summary>
/// Batch normalization per feature, <c>Y = γ·x̂ + β</c> with <c>x̂ = (X − μ)/√(σ² + ε)</c>.
/// Training uses the batch's mean and biased variance and updates
/// <c>running = m·running + (1 − m)·batch</c>; inference uses the running statistics.
/// <see cref="Gamma"/> (init 1) and <see cref="Beta"/> (init 0) are <c>[1, features]</c> parameters.
/// </summary>
public sealed class BatchNormalizationLayer : ILayer
{
    private readonly float _momentum;
    private readonly float _epsilon;
    private int _capacity;
    private float[] _normalized = [];
    private float[] _output = [];
    private float[] _inputGradient = [];
    private readonly float[] _mean, _invStd, _sumGradient, _sumGradientNormalized, _scratch;

    public BatchNormalizationLayer(string name, int inputSize, BatchNormalizationLayerSpec spec)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        spec.Validate(0);
        Name = name;
        Spec = spec;
        InputSize = OutputSize = inputSize;
        _momentum = spec.Momentum;
        _epsilon = spec.Epsilon;
        Gamma = new Parameter($"{name}.gamma", 1, inputSize, isWeight: false);
        Beta = new Parameter($"{name}.beta", 1, inputSize, isWeight: false);
        Gamma.Value.AsSpan().Fill(1f);
        Parameters = [Gamma, Beta];
        RunningMean = new float[inputSize];
        RunningVariance = new float[inputSize];
        RunningVariance.AsSpan().Fill(1f);
        State = [RunningMean, RunningVariance];
        _mean = new float[inputSize];
        _invStd = new float[inputSize];
        _sumGradient = new float[inputSize];
        _sumGradientNormalized = new float[inputSize];
        _scratch = new float[inputSize];
    }

    public string Name { get; }

    public LayerSpec Spec { get; }

    public int InputSize { get; }

    public int OutputSize { get; }

    public Parameter Gamma { get; }

    public Parameter Beta { get; }

    public float[] RunningMean { get; }

    public float[] RunningVariance { get; }

    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary><see cref="RunningMean"/> then <see cref="RunningVariance"/>.</summary>
    public IReadOnlyList<float[]> State { get; }

    public void EnsureCapacity(int maxBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatchSize);
        long n = (long)maxBatchSize * InputSize;
        _normalized = LayerBuffers.Ensure(_normalized, n);
        _output = LayerBuffers.Ensure(_output, n);
        _inputGradient = LayerBuffers.Ensure(_inputGradient, n);
        _capacity = Math.Max(_capacity, maxBatchSize);
    }

    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, bool training)
    {
        int n = LayerBuffers.Check(input, batch, InputSize, _capacity, nameof(input));
        if (training)
            ForwardTraining(input, batch);
        else
            ForwardInference(input, batch);
        return _output.AsSpan(0, n);
    }

    public ReadOnlySpan<float> Output(int batch) => _output.AsSpan(0, batch * OutputSize);

    public ReadOnlySpan<float> Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, int batch, bool computeInputGradient)
    {
        LayerBuffers.Check(outputGradient, batch, OutputSize, _capacity, nameof(outputGradient));
        int f = InputSize;
        Span<float> sumG = _sumGradient, sumGx = _sumGradientNormalized;
        sumG.Clear();
        sumGx.Clear();
        for (int r = 0; r < batch; r++)
        {
            ReadOnlySpan<float> g = outputGradient.Slice(r * f, f);
            TensorPrimitives.Add(sumG, g, sumG);
            TensorPrimitives.MultiplyAdd(g, _normalized.AsSpan(r * f, f), sumGx, sumGx);
        }
        TensorPrimitives.Add(Beta.Gradient, sumG, Beta.Gradient);
        TensorPrimitives.Add(Gamma.Gradient, sumGx, Gamma.Gradient);
        if (!computeInputGradient)
            return [];

        // dX = γ·invStd/B · (B·dY − Σ dY − x̂·Σ(dY·x̂)), the batch statistics' dependence on X included.
        Span<float> coefficient = _scratch;
        TensorPrimitives.Multiply(Gamma.Value, _invStd, coefficient);
        TensorPrimitives.Multiply(coefficient, 1f / batch, coefficient);
        TensorPrimitives.Negate(sumGx, sumGx);
        for (int r = 0; r < batch; r++)
        {
            Span<float> dx = _inputGradient.AsSpan(r * f, f);
            TensorPrimitives.Multiply(outputGradient.Slice(r * f, f), (float)batch, dx);
            TensorPrimitives.Subtract(dx, sumG, dx);
            TensorPrimitives.MultiplyAdd(_normalized.AsSpan(r * f, f), sumGx, dx, dx);
            TensorPrimitives.Multiply(dx, coefficient, dx);
        }
        return _inputGradient.AsSpan(0, batch * f);
    }

    private void ForwardTraining(ReadOnlySpan<float> input, int batch)
    {
        int f = InputSize;
        Span<float> mean = _mean, variance = _invStd;
        mean.Clear();
        for (int r = 0; r < batch; r++)
            TensorPrimitives.Add(mean, input.Slice(r * f, f), mean);
        TensorPrimitives.Multiply(mean, 1f / batch, mean);

        // Two passes (mean, then squared deviations) rather than E[x²] − E[x]², which cancels badly.
        variance.Clear();
        for (int r = 0; r < batch; r++)
        {
            Span<float> centered = _normalized.AsSpan(r * f, f);
            TensorPrimitives.Subtract(input.Slice(r * f, f), mean, centered);
            TensorPrimitives.MultiplyAdd(centered, centered, variance, variance);
        }
        TensorPrimitives.Multiply(variance, 1f / batch, variance);
        UpdateRunning(RunningMean, mean);
        UpdateRunning(RunningVariance, variance);

        Span<float> invStd = _invStd; // variance becomes 1/√(σ² + ε) in place
        TensorPrimitives.Add(invStd, _epsilon, invStd);
        TensorPrimitives.Sqrt(invStd, invStd);
        TensorPrimitives.Divide(1f, invStd, invStd);
        for (int r = 0; r < batch; r++)
        {
            Span<float> normalized = _normalized.AsSpan(r * f, f);
            TensorPrimitives.Multiply(normalized, invStd, normalized);
            TensorPrimitives.MultiplyAdd(normalized, Gamma.Value, Beta.Value, _output.AsSpan(r * f, f));
        }
    }

    private void ForwardInference(ReadOnlySpan<float> input, int batch)
    {
        int f = InputSize;
        // y = x·scale + shift with scale = γ/√(running σ² + ε), shift = β − running μ·scale.
        Span<float> scale = _scratch, shift = _mean;
        TensorPrimitives.Add(RunningVariance, _epsilon, scale);
        TensorPrimitives.Sqrt(scale, scale);
        TensorPrimitives.Divide(Gamma.Value, scale, scale);
        TensorPrimitives.Multiply(RunningMean, scale, shift);
        TensorPrimitives.Subtract(Beta.Value, shift, shift);
        for (int r = 0; r < batch; r++)
            TensorPrimitives.MultiplyAdd(input.Slice(r * f, f), scale, shift, _output.AsSpan(r * f, f));
    }

    private void UpdateRunning(Span<float> running, ReadOnlySpan<float> batchValue)
    {
        TensorPrimitives.Multiply(running, _momentum, running);
        TensorPrimitives.MultiplyAdd(batchValue, 1f - _momentum, running, running);
    }
}
