using TrainingService.Engine.Specs;

namespace TrainingService.Engine.Layers;

/// <summary>
/// One layer of a feed-forward network over row-major <c>[batch, features]</c> activations.
/// A layer owns its output and input-gradient buffers, sized by <see cref="EnsureCapacity"/>; the
/// spans it returns are views of them, valid until its next Forward/Backward/EnsureCapacity call.
/// Forward and Backward allocate nothing.
/// </summary>
public interface ILayer
{
    /// <summary>Unique within the network, e.g. <c>dense0</c>; prefixes the parameter names.</summary>
    string Name { get; }

    LayerSpec Spec { get; }

    int InputSize { get; }

    int OutputSize { get; }

    /// <summary>Trainable parameters, in a fixed order (the model file relies on it).</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Non-trainable state saved with the model (batch-norm running mean and variance), in a fixed order.</summary>
    IReadOnlyList<float[]> State { get; }

    /// <summary>Makes the buffers hold at least <paramref name="maxBatchSize"/> rows; allocates only when growing.</summary>
    void EnsureCapacity(int maxBatchSize);

    /// <summary>
    /// Computes the output for <paramref name="batch"/> rows of <paramref name="input"/>
    /// (<c>[batch, InputSize]</c>) into the layer's own buffer and returns a view of it,
    /// <c>[batch, OutputSize]</c>. In training, state for Backward is kept.
    /// </summary>
    ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, bool training);

    /// <summary>The view the last <see cref="Forward"/> returned, for <paramref name="batch"/> rows.</summary>
    ReadOnlySpan<float> Output(int batch);

    /// <summary>
    /// Accumulates <c>∂L/∂θ</c> into each parameter's Gradient and returns <c>∂L/∂input</c>
    /// (<c>[batch, InputSize]</c>, which may be <paramref name="outputGradient"/> itself for an
    /// identity; empty when <paramref name="computeInputGradient"/> is false, which
    /// the first layer uses to skip that work). <paramref name="input"/> must hold the values given to
    /// the preceding training-mode <see cref="Forward"/> of the same batch.
    /// </summary>
    ReadOnlySpan<float> Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, int batch, bool computeInputGradient);
}
