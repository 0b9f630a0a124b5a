using TrainingService.Engine.Activations;
using TrainingService.Engine.Kernels;
using TrainingService.Engine.Specs;

namespace TrainingService.Engine.Layers;

/// <summary>
/// Fully connected layer <c>Y = f(X·W + b)</c>: <see cref="Weights"/> <c>[in, out]</c>,
/// <see cref="Bias"/> <c>[1, out]</c>, bias and activation fused in one pass after the GEMM.
/// Backward: <c>dZ = dY ⊙ f′</c>, <c>dW += Xᵀ·dZ</c>, <c>db += Σ_rows dZ</c>, <c>dX = dZ·Wᵀ</c>.
/// </summary>
public sealed class DenseLayer : ILayer, IActivatedLayer
{
    private readonly LayerContext _context;
    private readonly ActivationFunction _activation;
    private readonly bool _linear;
    private int _capacity;
    private float[] _preActivation = [];
    private float[] _output = [];
    private float[] _preActivationGradient = [];
    private float[] _inputGradient = [];
    private PackedMatrix? _packedWeights;
    private bool _packedCurrent;

    /// <summary>Creates the layer with zero weights and bias; the network initializes the weights.</summary>
    public DenseLayer(string name, int inputSize, DenseLayerSpec spec, LayerContext context)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        spec.Validate(0);
        Name = name;
        Spec = spec;
        InputSize = inputSize;
        OutputSize = spec.Units;
        _context = context;
        _activation = ActivationFunction.Create(spec.Activation, spec.ActivationAlpha);
        _linear = spec.Activation == ActivationKind.Linear;
        Weights = new Parameter($"{name}.weights", inputSize, spec.Units, isWeight: true) { L1 = spec.L1, L2 = spec.L2, MaxNorm = spec.MaxNorm };
        Bias = new Parameter($"{name}.bias", 1, spec.Units, isWeight: false);
        Parameters = [Weights, Bias];
    }

    public string Name { get; }

    public LayerSpec Spec { get; }

    public int InputSize { get; }

    public int OutputSize { get; }

    public Parameter Weights { get; }

    public Parameter Bias { get; }

    public IReadOnlyList<Parameter> Parameters { get; }

    public IReadOnlyList<float[]> State => [];

    public ActivationKind ActivationKind => _activation.Kind;

    public void EnsureCapacity(int maxBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatchSize);
        long outputs = (long)maxBatchSize * OutputSize;
        _preActivation = LayerBuffers.Ensure(_preActivation, outputs);
        // A linear layer's output is its pre-activation; it needs neither of the two activation buffers.
        if (!_linear)
        {
            _output = LayerBuffers.Ensure(_output, outputs);
            _preActivationGradient = LayerBuffers.Ensure(_preActivationGradient, outputs);
        }
        _inputGradient = LayerBuffers.Ensure(_inputGradient, (long)maxBatchSize * InputSize);
        _capacity = Math.Max(_capacity, maxBatchSize);
    }

    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, bool training)
    {
        LayerBuffers.Check(input, batch, InputSize, _capacity, nameof(input));
        int n = batch * OutputSize;
        // Packed weights beat the unpacked small-row kernel from two rows on (2-4 rows: 16 µs against 33 on the
        // Fashion-MNIST network); one row reads the unpacked weights once and is faster so.
        if (_packedCurrent && !training && batch > 1)
            Gemm.MultiplyPacked(batch, input, InputSize, _packedWeights!, _preActivation, OutputSize, _context.MaxThreads);
        else if (batch <= GemmSmallRows.MaxRows)
            GemmSmallRows.Multiply(input, batch, InputSize, Weights.Value, OutputSize, _preActivation);
        else
            Gemm.Multiply(false, false, batch, OutputSize, InputSize, input, InputSize, Weights.Value, OutputSize,
                _preActivation, OutputSize, 0f, _context.MaxThreads);
        if (_linear)
        {
            RowKernels.AddRowVector(_preActivation, Bias.Value, batch, OutputSize);
            return _preActivation.AsSpan(0, n);
        }
        _activation.ForwardWithBias(_preActivation.AsSpan(0, n), Bias.Value, _output.AsSpan(0, n), batch, OutputSize);
        return _output.AsSpan(0, n);
    }

    /// <summary>
    /// Packs the weights as they are now for the inference forward passes that follow (<see cref="Gemm.MultiplyPacked"/>),
    /// until <see cref="UnpackWeights"/>; the network calls it only while nothing writes the weights. Reuses its buffer.
    /// </summary>
    internal void PackWeights()
    {
        _packedWeights ??= new PackedMatrix(InputSize, OutputSize);
        _packedWeights.Pack(Weights.Value, OutputSize);
        _packedCurrent = true;
    }

    /// <summary>Forward multiplies by <see cref="Weights"/> again (the packed copy may be stale from now on).</summary>
    internal void UnpackWeights() => _packedCurrent = false;

    public ReadOnlySpan<float> Output(int batch) => (_linear ? _preActivation : _output).AsSpan(0, batch * OutputSize);

    public ReadOnlySpan<float> Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, int batch, bool computeInputGradient)
    {
        int n = LayerBuffers.Check(outputGradient, batch, OutputSize, _capacity, nameof(outputGradient));
        if (_linear)
            return BackwardFromPreActivation(input, outputGradient[..n], batch, computeInputGradient);
        _activation.Backward(_preActivation.AsSpan(0, n), _output.AsSpan(0, n), outputGradient[..n], _preActivationGradient.AsSpan(0, n), batch, OutputSize);
        return BackwardFromPreActivation(input, _preActivationGradient.AsSpan(0, n), batch, computeInputGradient);
    }

    public ReadOnlySpan<float> PreActivation(ReadOnlySpan<float> input, int batch) => _preActivation.AsSpan(0, batch * OutputSize);

    public ReadOnlySpan<float> BackwardFromPreActivation(ReadOnlySpan<float> input, ReadOnlySpan<float> preActivationGradient, int batch, bool computeInputGradient)
    {
        LayerBuffers.Check(input, batch, InputSize, _capacity, nameof(input));
        LayerBuffers.Check(preActivationGradient, batch, OutputSize, _capacity, nameof(preActivationGradient));
        bool overwrite = _context.OverwriteGradients;
        Gemm.Multiply(true, false, InputSize, OutputSize, batch, input, InputSize, preActivationGradient, OutputSize,
            Weights.Gradient, OutputSize, overwrite ? 0f : 1f, _context.MaxThreads);
        if (overwrite)
            Array.Clear(Bias.Gradient);
        RowKernels.AccumulateColumnSums(preActivationGradient, Bias.Gradient, batch, OutputSize);
        if (!computeInputGradient)
            return [];
        Gemm.Multiply(false, true, batch, InputSize, OutputSize, preActivationGradient, OutputSize, Weights.Value, OutputSize,
            _inputGradient, InputSize, 0f, _context.MaxThreads);
        return _inputGradient.AsSpan(0, batch * InputSize);
    }
}
