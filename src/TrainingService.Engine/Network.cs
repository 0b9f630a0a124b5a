using TrainingService.Engine.Activations;
using TrainingService.Engine.Layers;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Specs;

namespace TrainingService.Engine;

/// <summary>
/// A feed-forward network built from a <see cref="NetworkSpec"/>, over row-major
/// <c>[batch, features]</c> float32 activations. All buffers are owned by the network and its
/// layers, sized for <see cref="MaxBatchSize"/> rows; Forward, Backward and the loss methods allocate
/// nothing. The same spec and seed give the same weights; with the same <see cref="MaxThreads"/>,
/// the same calls give bit-identical results. Not thread-safe: one caller at a time.
/// </summary>
public sealed class Network
{
    public const int DefaultMaxBatchSize = 128;

    private readonly ILayer[] _layers;
    private readonly Parameter[] _parameters;
    // Index in _parameters of each layer's first parameter, and one past the last layer's.
    private readonly int[] _parameterStart;
    private readonly LayerContext _context;
    private float[] _input = [];
    private float[]? _borrowedInput;
    private float[] _lossGradient = [];
    private int _maxBatchSize;
    private int _bufferRows;
    private int _forwardBatch;
    private bool _forwardTraining;
    private bool _servingOnly;

    /// <summary>Builds the layers and initializes the weights from <see cref="NetworkSpec.Seed"/>.</summary>
    /// <exception cref="ArgumentException">The spec is invalid; the message names the field.</exception>
    public Network(NetworkSpec spec, int maxBatchSize = DefaultMaxBatchSize, int maxThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        // Initialization and dropout get separate streams, so adding dropout leaves the weights unchanged.
        var initRandom = new SeededRandom(spec.Seed);
        _context = new LayerContext(initRandom.Fork()) { MaxThreads = maxThreads };
        _layers = new ILayer[spec.Layers.Count];
        int size = spec.InputSize;
        for (int i = 0; i < _layers.Length; i++)
        {
            _layers[i] = LayerFactory.Create(spec.Layers[i], i, size, _context, spec.Initializer, initRandom);
            size = _layers[i].OutputSize;
        }
        _parameters = _layers.SelectMany(l => l.Parameters).ToArray();
        _parameterStart = new int[_layers.Length + 1];
        for (int i = 0; i < _layers.Length; i++)
            _parameterStart[i + 1] = _parameterStart[i] + _layers[i].Parameters.Count;
        MaxBatchSize = maxBatchSize;
    }

    public NetworkSpec Spec { get; }

    public int InputSize => Spec.InputSize;

    public int OutputSize => _layers[^1].OutputSize;

    public IReadOnlyList<ILayer> Layers => _layers;

    /// <summary>
    /// The activation the last layer ends in (a dense layer's or a standalone activation), or null
    /// when the network ends in batch normalization or dropout. Tells callers whether outputs are
    /// probabilities (Softmax, Sigmoid) and which loss will read logits instead.
    /// </summary>
    public ActivationKind? OutputActivation => _layers[^1] is IActivatedLayer a ? a.ActivationKind : null;

    /// <summary>All trainable parameters, layer by layer, in a fixed order (optimizer state and files rely on it).</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Largest batch Forward accepts. Raising it reallocates the buffers (off the hot path).</summary>
    public int MaxBatchSize
    {
        get => _maxBatchSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _input = LayerBuffers.Ensure(_input, (long)value * InputSize);
            _lossGradient = LayerBuffers.Ensure(_lossGradient, (long)value * OutputSize);
            foreach (ILayer layer in _layers) layer.EnsureCapacity(value);
            _maxBatchSize = value;
            _bufferRows = Math.Max(_bufferRows, value);
            _forwardBatch = 0;
            _borrowedInput = null;
        }
    }

    /// <summary>Threads each matrix multiply may use. Results are bit-identical for a given value.</summary>
    public int MaxThreads
    {
        get => _context.MaxThreads;
        set => _context.MaxThreads = value;
    }

    /// <summary>
    /// Runs <paramref name="batch"/> rows of <paramref name="input"/> (<c>[batch, InputSize]</c>)
    /// through the layers and returns a view of the network-owned <c>[batch, OutputSize]</c> output,
    /// valid until the next call on this network. <paramref name="training"/> enables dropout and
    /// batch statistics and keeps what <see cref="Backward(ReadOnlySpan{float}, int)"/> needs.
    /// </summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, bool training)
    {
        int n = CheckBatch(batch, input.Length, InputSize, nameof(input));
        ReadOnlySpan<float> x = input[..n];
        // Backward reads the input again, so training keeps a copy rather than depend on the caller's
        // buffer outliving this call. Inference needs none when a dense layer comes first (the only
        // layer reading the network input again is the first, and a dense one does not after Forward).
        if (training || _layers[0] is not DenseLayer)
        {
            x.CopyTo(_input);
            x = _input.AsSpan(0, n);
        }
        _borrowedInput = null;
        return ForwardLayers(x, batch, training);
    }

    /// <summary>
    /// Training-mode <see cref="Forward"/> that keeps a reference to <paramref name="input"/> instead of
    /// copying it: the caller owns the array and leaves its first <c>batch·InputSize</c> values unchanged
    /// until the matching Backward has returned.
    /// </summary>
    internal ReadOnlySpan<float> ForwardBorrowingInput(float[] input, int batch)
    {
        int n = CheckBatch(batch, input.Length, InputSize, nameof(input));
        _borrowedInput = input;
        return ForwardLayers(input.AsSpan(0, n), batch, training: true);
    }

    private ReadOnlySpan<float> ForwardLayers(ReadOnlySpan<float> x, int batch, bool training)
    {
        if (training && _servingOnly)
            throw new InvalidOperationException("This network serves predictions only (ServeOnly): its packed weights would not follow training.");
        foreach (ILayer layer in _layers)
            x = layer.Forward(x, batch, training);
        _forwardBatch = batch;
        _forwardTraining = training;
        return x;
    }

    /// <summary>
    /// Back-propagates <paramref name="outputGradient"/> (<c>∂L/∂output</c>, <c>[batch, OutputSize]</c>)
    /// and accumulates into every parameter's Gradient (call <see cref="ZeroGradients"/> between steps).
    /// Requires the preceding Forward to have been in training mode with the same batch.
    /// </summary>
    public void Backward(ReadOnlySpan<float> outputGradient, int batch)
    {
        CheckBackward(batch);
        CheckBatch(batch, outputGradient.Length, OutputSize, nameof(outputGradient));
        BackwardFrom(_layers.Length - 1, outputGradient, batch, float.NaN, observer: null);
    }

    /// <summary>
    /// Computes <paramref name="loss"/> of the last Forward's output against <paramref name="target"/>
    /// (<c>[batch, OutputSize]</c>), back-propagates it and returns the mean loss. When the last layer
    /// ends in the activation the loss is fused with (softmax for categorical, sigmoid for binary
    /// cross-entropy), the loss reads its pre-activation logits and back-propagation starts from
    /// them, which is both stable and exact; otherwise it reads the outputs as they are.
    /// </summary>
    /// <exception cref="InvalidOperationException">A fused loss after a different non-linear output activation (e.g. binary cross-entropy after softmax).</exception>
    public float Backward(ILoss loss, ReadOnlySpan<float> target, int batch) => Backward(loss, target, [], batch);

    /// <summary>
    /// <see cref="Backward(ILoss, ReadOnlySpan{float}, int)"/> with a weight per row (<c>[batch]</c>, or empty for
    /// unweighted): the loss is the weighted one of <see cref="ILoss"/>, and each row's gradient is scaled by its weight.
    /// </summary>
    public float Backward(ILoss loss, ReadOnlySpan<float> target, ReadOnlySpan<float> sampleWeights, int batch) =>
        Backward(loss, target, sampleWeights, batch, observer: null);

    private float Backward(ILoss loss, ReadOnlySpan<float> target, ReadOnlySpan<float> sampleWeights, int batch, IGradientsReady? observer)
    {
        CheckBackward(batch);
        float value = ComputeLossCore(loss, target, sampleWeights, batch, out bool fromLogits);
        ReadOnlySpan<float> gradient = _lossGradient.AsSpan(0, batch * OutputSize);
        if (!fromLogits)
        {
            BackwardFrom(_layers.Length - 1, gradient, batch, value, observer);
            return value;
        }
        int last = _layers.Length - 1;
        var activated = (IActivatedLayer)_layers[last];
        ReadOnlySpan<float> dx = activated.BackwardFromPreActivation(LayerInput(last, batch), gradient, batch, last > 0);
        observer?.GradientsReady(value, _parameterStart[last], _parameterStart[last + 1] - _parameterStart[last]);
        if (last > 0) BackwardFrom(last - 1, dx, batch, value, observer);
        return value;
    }

    /// <summary>
    /// <see cref="ZeroGradients"/> followed by <see cref="Backward(ILoss, ReadOnlySpan{float}, int)"/>,
    /// without the separate clearing pass: dense layers write their gradients instead of adding to them.
    /// </summary>
    internal float BackwardReplacingGradients(ILoss loss, ReadOnlySpan<float> target, int batch) =>
        BackwardReplacingGradients(loss, target, [], batch);

    /// <summary>The weighted form: see <see cref="Backward(ILoss, ReadOnlySpan{float}, ReadOnlySpan{float}, int)"/>.</summary>
    internal float BackwardReplacingGradients(ILoss loss, ReadOnlySpan<float> target, ReadOnlySpan<float> sampleWeights, int batch) =>
        BackwardReplacingGradients(loss, target, sampleWeights, batch, observer: null);

    /// <summary>
    /// The weighted form, telling <paramref name="observer"/> (when not null) as each layer's gradients are complete:
    /// see <see cref="IGradientsReady"/>.
    /// </summary>
    internal float BackwardReplacingGradients(ILoss loss, ReadOnlySpan<float> target, ReadOnlySpan<float> sampleWeights, int batch, IGradientsReady? observer)
    {
        CheckBackward(batch);
        foreach (ILayer layer in _layers)
        {
            if (layer is DenseLayer)
                continue;
            IReadOnlyList<Parameter> parameters = layer.Parameters;
            for (int i = 0; i < parameters.Count; i++) parameters[i].ZeroGradient();
        }
        _context.OverwriteGradients = true;
        try
        {
            return Backward(loss, target, sampleWeights, batch, observer);
        }
        finally
        {
            _context.OverwriteGradients = false;
        }
    }

    /// <summary>Mean <paramref name="loss"/> of the last Forward (either mode) against <paramref name="target"/>, without back-propagating; logits are read as in <see cref="Backward(ILoss, ReadOnlySpan{float}, int)"/>.</summary>
    public float ComputeLoss(ILoss loss, ReadOnlySpan<float> target, int batch) => ComputeLoss(loss, target, [], batch);

    /// <summary>The weighted form (<c>[batch]</c> weights, or empty): see <see cref="ILoss"/>.</summary>
    public float ComputeLoss(ILoss loss, ReadOnlySpan<float> target, ReadOnlySpan<float> sampleWeights, int batch)
    {
        if (batch != _forwardBatch)
            throw new InvalidOperationException($"ComputeLoss for batch {batch} must follow a Forward of that batch (last was {_forwardBatch}).");
        return ComputeLossCore(loss, target, sampleWeights, batch, out _);
    }

    /// <summary>
    /// Runs inference over any number of rows into <paramref name="output"/> (<c>[rows, OutputSize]</c>),
    /// in chunks of at least <see cref="MaxBatchSize"/> and up to <see cref="PredictChunkRows"/> rows; the dense
    /// layers' weights are packed once per call (or once for good after <see cref="ServeOnly"/>), not per chunk.
    /// The first call with more rows than <see cref="MaxBatchSize"/> grows the buffers once; row for row
    /// the outputs equal those of <see cref="Forward"/> in inference mode.
    /// </summary>
    public void Predict(ReadOnlySpan<float> input, int rows, Span<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (input.Length < (long)rows * InputSize || output.Length < (long)rows * OutputSize)
            throw new ArgumentException($"Predicting {rows} rows needs {(long)rows * InputSize} inputs and {(long)rows * OutputSize} outputs.");
        int chunk = Math.Max(_maxBatchSize, Math.Min(rows, PredictChunkRows));
        if (chunk > _bufferRows)
        {
            _input = LayerBuffers.Ensure(_input, (long)chunk * InputSize);
            foreach (ILayer layer in _layers) layer.EnsureCapacity(chunk);
            _bufferRows = chunk;
        }
        // Rows in more than one chunk would pack each weight matrix once per chunk: pack them once for the call.
        bool packForCall = !_servingOnly && rows > chunk;
        if (packForCall) SetPackedWeights(true);
        try
        {
            for (int start = 0; start < rows; start += chunk)
            {
                int batch = Math.Min(chunk, rows - start);
                ReadOnlySpan<float> x = input.Slice(start * InputSize, batch * InputSize);
                if (_layers[0] is not DenseLayer)
                {
                    x.CopyTo(_input);
                    x = _input.AsSpan(0, x.Length);
                }
                _borrowedInput = null;
                ForwardLayers(x, batch, training: false).CopyTo(output.Slice(start * OutputSize, batch * OutputSize));
            }
        }
        finally
        {
            if (packForCall) SetPackedWeights(false);
        }
        // Forward and ComputeLoss accept at most MaxBatchSize rows; a larger chunk leaves nothing to continue from.
        if (_forwardBatch > _maxBatchSize) _forwardBatch = 0;
    }

    /// <summary>
    /// Makes this network a serving one: its dense layers' weights are packed once, as they are now, and every later
    /// <see cref="Predict"/> or inference <see cref="Forward"/> reads the packed copy instead of packing per call, which
    /// a small batch would otherwise spend most of its time on. Training it afterwards throws; writing its parameters'
    /// values directly is not seen. Results are bit-identical to the unpacked path.
    /// </summary>
    public void ServeOnly()
    {
        SetPackedWeights(true);
        _servingOnly = true;
    }

    /// <summary>Whether <see cref="ServeOnly"/> was called.</summary>
    public bool IsServingOnly => _servingOnly;

    private void SetPackedWeights(bool packed)
    {
        foreach (ILayer layer in _layers)
        {
            if (layer is not DenseLayer dense) continue;
            if (packed) dense.PackWeights();
            else dense.UnpackWeights();
        }
    }

    /// <summary>Most rows <see cref="Predict"/> runs through the layers at once (when <see cref="MaxBatchSize"/> is smaller).</summary>
    public const int PredictChunkRows = 512;

    public void ZeroGradients()
    {
        foreach (Parameter p in _parameters) p.ZeroGradient();
    }

    /// <summary>The dropout generator's state, for checkpoints.</summary>
    public ulong[] GetDropoutRandomState() => _context.DropoutRandom.GetState();

    /// <summary>Restores the dropout generator, so a resumed run draws the masks an uninterrupted one would.</summary>
    public void SetDropoutRandomState(ReadOnlySpan<ulong> state) => _context.DropoutRandom = SeededRandom.FromState(state);

    public NetworkSummary Summary() =>
        new(InputSize, _layers.Select((l, i) => new LayerSummary(i, l.Name, LayerNames.Describe(l.Spec), l.OutputSize, l.Parameters.Sum(p => (long)p.Length))).ToArray());

    private float ComputeLossCore(ILoss loss, ReadOnlySpan<float> target, ReadOnlySpan<float> sampleWeights, int batch, out bool fromLogits)
    {
        ArgumentNullException.ThrowIfNull(loss);
        int n = CheckBatch(batch, target.Length, OutputSize, nameof(target));
        int last = _layers.Length - 1;
        ActivationKind? final = OutputActivation;
        fromLogits = loss.FusedActivation != ActivationKind.Linear && final == loss.FusedActivation;
        // A fused loss reads raw outputs as logits; after any other squashing activation that is a
        // misconfigured model, not something to train silently.
        if (loss.FusedActivation != ActivationKind.Linear && final is { } f && f != loss.FusedActivation && f != ActivationKind.Linear)
            throw new InvalidOperationException(
                $"{loss.Kind} takes logits: the output layer must end in {loss.FusedActivation} or Linear, not {f}.");
        ReadOnlySpan<float> output = fromLogits
            ? ((IActivatedLayer)_layers[last]).PreActivation(LayerInput(last, batch), batch)
            : LastOutput(batch);
        return loss.Compute(output, target[..n], sampleWeights, _lossGradient.AsSpan(0, n), batch, OutputSize);
    }

    private void BackwardFrom(int last, ReadOnlySpan<float> gradient, int batch, float loss, IGradientsReady? observer)
    {
        for (int i = last; i >= 0; i--)
        {
            gradient = _layers[i].Backward(LayerInput(i, batch), gradient, batch, computeInputGradient: i > 0);
            observer?.GradientsReady(loss, _parameterStart[i], _parameterStart[i + 1] - _parameterStart[i]);
        }
    }

    /// <summary>Input of layer <paramref name="index"/> in the last Forward: the previous layer's output buffer.</summary>
    private ReadOnlySpan<float> LayerInput(int index, int batch) =>
        index == 0 ? (_borrowedInput ?? _input).AsSpan(0, batch * InputSize) : _layers[index - 1].Output(batch);

    private ReadOnlySpan<float> LastOutput(int batch) => _layers[^1].Output(batch);

    private void CheckBackward(int batch)
    {
        if (!_forwardTraining || batch != _forwardBatch)
            throw new InvalidOperationException($"Backward for batch {batch} must follow a training-mode Forward of that batch (last was {_forwardBatch}, training: {_forwardTraining}).");
    }

    private int CheckBatch(int batch, int length, int width, string name)
    {
        if (batch <= 0 || batch > _maxBatchSize)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"Batch must be in [1, {_maxBatchSize}]; raise MaxBatchSize or use Predict for more rows.");
        int n = batch * width;
        if (length < n)
            throw new ArgumentException($"{name} has {length} elements; [{batch}, {width}] needs {n}.", name);
        return n;
    }
}
