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

    public float Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width)
    {
        int n = LossShape.Check(output, target, gradient, batch, width);
        ReadOnlySpan<float> z = output[..n], t = target[..n];
        Span<float> g = gradient[..n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            // REVIEW: scalar log1p(exp) per element; a vector softplus would do, but this runs on the
            // [batch, outputs] matrix only, negligible next to the GEMMs.
            double zi = z[i];
            sum += Math.Max(zi, 0.0) - zi * t[i] + Math.Log(1.0 + Math.Exp(-Math.Abs(zi)));
        }
        TensorPrimitives.Sigmoid(z, g);
        TensorPrimitives.Subtract(g, t, g);
        TensorPrimitives.Multiply(g, 1f / n, g);
        return (float)(sum / n);
    }
}
