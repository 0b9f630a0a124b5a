using System.Numerics.Tensors;
using TrainingService.Engine.Activations;

namespace TrainingService.Engine.Losses;

/// <summary>
/// Sigmoid fused with binary cross-entropy, on logits z and targets t in [0, 1], mean over all
/// <c>batch·width</c> elements: <c>max(z, 0) − z·t + log(1 + e^−|z|)</c>, which never overflows;
/// <c>∂L/∂z = (σ(z) − t)/n</c>. Logits of ±1000 give finite loss and gradient.
/// </summary>
public sealed class BinaryCrossEntropyLoss : ILoss
{
    public LossKind Kind => LossKind.BinaryCrossEntropy;

    public ActivationKind FusedActivation => ActivationKind.Sigmoid;

    public float Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width) =>
        Compute(output, target, [], gradient, batch, width);

    /// <summary>
    /// With <paramref name="sampleWeights"/> (<c>[batch]</c>, or empty): each row's elements count <c>wᵣ</c> times in
    /// the mean, and their gradient is <c>wᵣ(σ(z) − t)/n</c>.
    /// </summary>
    public float Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, ReadOnlySpan<float> sampleWeights, Span<float> gradient, int batch, int width)
    {
        int n = LossShape.Check(output, target, gradient, batch, width);
        bool weighted = !sampleWeights.IsEmpty;
        if (weighted)
            SampleWeights.Check(sampleWeights, batch);
        ReadOnlySpan<float> z = output[..n], t = target[..n];
        Span<float> g = gradient[..n];
        double sum = 0;
        for (int r = 0, i = 0; r < batch; r++)
        {
            // Unweighted, the sum runs straight through the rows as it always has, so its rounding is unchanged.
            double rowSum = weighted ? 0 : sum;
            for (int end = i + width; i < end; i++)
            {
                // REVIEW: scalar log1p(exp) per element; a vector softplus would do, but this runs on the
                // [batch, outputs] matrix only, negligible next to the GEMMs.
                double zi = z[i];
                rowSum += Math.Max(zi, 0.0) - zi * t[i] + Math.Log(1.0 + Math.Exp(-Math.Abs(zi)));
            }
            sum = weighted ? sum + sampleWeights[r] * rowSum : rowSum;
        }
        TensorPrimitives.Sigmoid(z, g);
        TensorPrimitives.Subtract(g, t, g);
        if (!weighted)
            TensorPrimitives.Multiply(g, 1f / n, g);
        else
            for (int r = 0; r < batch; r++)
                TensorPrimitives.Multiply(g.Slice(r * width, width), sampleWeights[r] / n, g.Slice(r * width, width));
        return (float)(sum / n);
    }
}
