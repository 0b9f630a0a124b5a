using TrainingService.Engine.Activations;

namespace TrainingService.Engine.Layers;

/// <summary>
/// A layer ending in an activation whose pre-activation values a fused loss can read (logits), and
/// whose backward can start from the gradient w.r.t. them, skipping the activation's derivative.
/// </summary>
internal interface IActivatedLayer
{
    ActivationKind ActivationKind { get; }

    /// <summary>The pre-activation values of the last Forward, <c>[batch, OutputSize]</c>.</summary>
    ReadOnlySpan<float> PreActivation(ReadOnlySpan<float> input, int batch);

    /// <summary>As <see cref="ILayer.Backward"/>, but from <c>∂L/∂(pre-activation)</c>.</summary>
    ReadOnlySpan<float> BackwardFromPreActivation(ReadOnlySpan<float> input, ReadOnlySpan<float> preActivationGradient, int batch, bool computeInputGradient);
}
