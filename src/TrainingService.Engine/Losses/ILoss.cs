using TrainingService.Engine.Activations;

namespace TrainingService.Engine.Losses;

/// <summary>
/// A loss over a row-major <c>[batch, width]</c> prediction matrix and a target matrix of the same shape.
/// </summary>
public interface ILoss
{
    LossKind Kind { get; }

    /// <summary>
    /// The activation fused into this loss (Sigmoid for binary, Softmax for categorical
    /// cross-entropy), whose pre-activation values — logits — <see cref="Compute"/> takes as
    /// <c>output</c>; Linear for the losses that take the network's outputs as they are.
    /// </summary>
    ActivationKind FusedActivation { get; }

    /// <summary>
    /// Returns the mean loss over the batch and writes <c>∂loss/∂output</c> (w.r.t. the logits for the
    /// fused losses) into <paramref name="gradient"/>, same layout as <paramref name="output"/>.
    /// <paramref name="gradient"/> must not overlap the inputs. Allocates nothing.
    /// </summary>
    float Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width);
}
