using TrainingService.Engine.Activations;
using TrainingService.Engine.Specs;

namespace TrainingService.Engine.Layers;

/// <summary>A standalone activation, <c>Y = f(X)</c>, same width in and out.</summary>
public sealed class ActivationLayer : ILayer, IActivatedLayer
{
    private readonly ActivationFunction _activation;
    private int _capacity;
    private float[] _output = [];
    private float[] _inputGradient = [];

    public ActivationLayer(string name, int inputSize, ActivationLayerSpec spec)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        spec.Validate(0);
        Name = name;
        Spec = spec;
        InputSize = OutputSize = inputSize;
        _activation = ActivationFunction.Create(spec.Activation, spec.Alpha);
    }

    public string Name { get; }

    public LayerSpec Spec { get; }

    public int InputSize { get; }

    public int OutputSize { get; }

    public IReadOnlyList<Parameter> Parameters => [];

    public IReadOnlyList<float[]> State => [];

    public ActivationKind ActivationKind => _activation.Kind;

    public void EnsureCapacity(int maxBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatchSize);
        _output = LayerBuffers.Ensure(_output, (long)maxBatchSize * OutputSize);
        _inputGradient = LayerBuffers.Ensure(_inputGradient, (long)maxBatchSize * InputSize);
        _capacity = Math.Max(_capacity, maxBatchSize);
    }

    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, bool training)
    {
        int n = LayerBuffers.Check(input, batch, InputSize, _capacity, nameof(input));
        _activation.Forward(input[..n], _output.AsSpan(0, n), batch, OutputSize);
        return _output.AsSpan(0, n);
    }

    public ReadOnlySpan<float> Output(int batch) => _output.AsSpan(0, batch * OutputSize);

    public ReadOnlySpan<float> Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, int batch, bool computeInputGradient)
    {
        int n = LayerBuffers.Check(outputGradient, batch, OutputSize, _capacity, nameof(outputGradient));
        LayerBuffers.Check(input, batch, InputSize, _capacity, nameof(input));
        if (!computeInputGradient)
            return [];
        _activation.Backward(input[..n], _output.AsSpan(0, n), outputGradient[..n], _inputGradient.AsSpan(0, n), batch, OutputSize);
        return _inputGradient.AsSpan(0, n);
    }

    public ReadOnlySpan<float> PreActivation(ReadOnlySpan<float> input, int batch) => input[..(batch * InputSize)];

    public ReadOnlySpan<float> BackwardFromPreActivation(ReadOnlySpan<float> input, ReadOnlySpan<float> preActivationGradient, int batch, bool computeInputGradient) =>
        computeInputGradient ? preActivationGradient[..(batch * InputSize)] : [];
}
