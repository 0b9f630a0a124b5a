using System.Numerics.Tensors;
using TrainingService.Engine.Specs;

namespace TrainingService.Engine.Layers;

/// <summary>
/// Inverted dropout: in training each element is kept with probability <c>1 − rate</c> and scaled
/// by <c>1/(1 − rate)</c>, so inference is the identity and needs no rescaling. Masks are drawn from
/// the network's <see cref="LayerContext.DropoutRandom"/> in element order, two elements per draw.
/// </summary>
public sealed class DropoutLayer : ILayer
{
    private readonly LayerContext _context;
    private readonly uint _dropThreshold;
    private readonly float _keepScale;
    private int _capacity;
    private float[] _mask = [];
    private float[] _output = [];
    private float[] _inputGradient = [];

    public DropoutLayer(string name, int inputSize, DropoutLayerSpec spec, LayerContext context)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        spec.Validate(0);
        Name = name;
        Spec = spec;
        Rate = spec.Rate;
        InputSize = OutputSize = inputSize;
        _context = context;
        // A 32-bit draw below rate·2³² drops the element.
        _dropThreshold = (uint)Math.Min(Math.Round(spec.Rate * 4294967296.0), uint.MaxValue);
        _keepScale = 1f / (1f - spec.Rate);
    }

    public string Name { get; }

    public LayerSpec Spec { get; }

    public float Rate { get; }

    public int InputSize { get; }

    public int OutputSize { get; }

    public IReadOnlyList<Parameter> Parameters => [];

    public IReadOnlyList<float[]> State => [];

    public void EnsureCapacity(int maxBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatchSize);
        long n = (long)maxBatchSize * InputSize;
        _mask = LayerBuffers.Ensure(_mask, n);
        _output = LayerBuffers.Ensure(_output, n);
        _inputGradient = LayerBuffers.Ensure(_inputGradient, n);
        _capacity = Math.Max(_capacity, maxBatchSize);
    }

    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, bool training)
    {
        int n = LayerBuffers.Check(input, batch, InputSize, _capacity, nameof(input));
        // Identity still copies, so that the output always lives in this layer's buffer.
        if (!training || _dropThreshold == 0)
        {
            input[..n].CopyTo(_output);
            return _output.AsSpan(0, n);
        }
        Span<float> mask = _mask.AsSpan(0, n);
        FillMask(mask);
        TensorPrimitives.Multiply(input[..n], mask, _output.AsSpan(0, n));
        return _output.AsSpan(0, n);
    }

    public ReadOnlySpan<float> Output(int batch) => _output.AsSpan(0, batch * OutputSize);

    public ReadOnlySpan<float> Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, int batch, bool computeInputGradient)
    {
        int n = LayerBuffers.Check(outputGradient, batch, OutputSize, _capacity, nameof(outputGradient));
        if (!computeInputGradient)
            return [];
        if (_dropThreshold == 0)
            return outputGradient[..n];
        // The mask is that of the last training Forward; an inference Forward in between would not change it.
        TensorPrimitives.Multiply(outputGradient[..n], _mask.AsSpan(0, n), _inputGradient.AsSpan(0, n));
        return _inputGradient.AsSpan(0, n);
    }

    private void FillMask(Span<float> mask)
    {
        SeededRandom random = _context.DropoutRandom;
        int i = 0;
        for (; i + 1 < mask.Length; i += 2)
        {
            ulong bits = random.NextUInt64();
            mask[i] = (uint)bits < _dropThreshold ? 0f : _keepScale;
            mask[i + 1] = (uint)(bits >> 32) < _dropThreshold ? 0f : _keepScale;
        }
        if (i < mask.Length)
            mask[i] = (uint)random.NextUInt64() < _dropThreshold ? 0f : _keepScale;
    }
}
