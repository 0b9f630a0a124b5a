using System.Numerics.Tensors;
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
    /// cross-entropy), whose pre-activation values — logits — <c>Compute</c> takes as
    /// <c>output</c>; Linear for the losses that take the network's outputs as they are.
    /// </summary>
    ActivationKind FusedActivation { get; }

    /// <summary>
    /// Returns the mean loss over the batch and writes <c>∂loss/∂output</c> (w.r.t. the logits for the
    /// fused losses) into <paramref name="gradient"/>, same layout as <paramref name="output"/>.
    /// <paramref name="gradient"/> must not overlap the inputs. Allocates nothing.
    /// </summary>
    float Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width);

    /// <summary>
    /// The loss above with a weight per sample:
    /// <c>(1/batch)·Σᵣ wᵣ·ℓᵣ</c> where the unweighted loss is <c>(1/batch)·Σᵣ ℓᵣ</c>, so the gradient of row r is
    /// <c>wᵣ</c> times its unweighted gradient (Keras's <c>sample_weight</c>; class weights are per-sample weights looked
    /// up by label). <paramref name="sampleWeights"/> is <c>[batch]</c>, non-negative and finite, or empty for
    /// unweighted. This default runs the loss row by row; the cross-entropy losses weight in their own single pass.
    /// Allocates nothing.
    /// </summary>
    float Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, ReadOnlySpan<float> sampleWeights, Span<float> gradient, int batch, int width)
    {
        if (sampleWeights.IsEmpty)
            return Compute(output, target, gradient, batch, width);
        SampleWeights.Check(sampleWeights, batch);
        LossShape.Check(output, target, gradient, batch, width);
        double sum = 0;
        for (int r = 0; r < batch; r++)
        {
            Span<float> g = gradient.Slice(r * width, width);
            // One row as a batch of one: its mean loss is ℓᵣ and its gradient ∂ℓᵣ/∂y, unscaled by the batch.
            sum += (double)sampleWeights[r] * Compute(output.Slice(r * width, width), target.Slice(r * width, width), g, 1, width);
            TensorPrimitives.Multiply(g, sampleWeights[r] / batch, g);
        }
        return (float)(sum / batch);
    }
}
