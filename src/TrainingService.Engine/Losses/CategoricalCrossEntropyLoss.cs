using System.Numerics.Tensors;
using TrainingService.Engine.Activations;

namespace TrainingService.Engine.Losses;

/// <summary>
/// Softmax fused with categorical cross-entropy on logits z, mean over the samples:
/// per row <c>Σⱼ tⱼ(lse(z) − zⱼ)</c> with <c>lse(z) = m + log Σ exp(zⱼ − m)</c>, <c>m = max z</c>;
/// <c>∂L/∂zⱼ = (softmax(z)ⱼ·Σt − tⱼ)/batch</c>. Targets are one-hot rows <c>[batch, classes]</c>
/// (any non-negative rows work, e.g. label smoothing). Logits of ±1000 give finite values.
/// </summary>
public sealed class CategoricalCrossEntropyLoss : ILoss
{
    public LossKind Kind => LossKind.CategoricalCrossEntropy;

    public ActivationKind FusedActivation => ActivationKind.Softmax;

    public float Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width)
    {
        LossShape.Check(output, target, gradient, batch, width);
        double sum = 0;
        float invBatch = 1f / batch;
        // REVIEW: eight TensorPrimitives calls per row cost more in call overhead than arithmetic at
        // 10 classes; a single fused row kernel would be faster, though the loss is small next to GEMM.
        for (int r = 0; r < batch; r++)
        {
            ReadOnlySpan<float> z = output.Slice(r * width, width), t = target.Slice(r * width, width);
            Span<float> g = gradient.Slice(r * width, width);
            float max = TensorPrimitives.Max(z);
            TensorPrimitives.Subtract(z, max, g);
            TensorPrimitives.Exp(g, g);
            float expSum = TensorPrimitives.Sum(g);
            float targetSum = TensorPrimitives.Sum(t);
            sum += RowLoss(z, t, max, Math.Log(expSum), targetSum);
            TensorPrimitives.Multiply(g, targetSum * invBatch / expSum, g);
            TensorPrimitives.MultiplyAdd(t, -invBatch, g, g);
        }
        return (float)(sum / batch);
    }

    private static double RowLoss(ReadOnlySpan<float> z, ReadOnlySpan<float> t, float max, double logExpSum, float targetSum)
    {
        // Σ t(m − z) is summed relative to the max so logits near ±1000 lose no precision to cancellation.
        double shifted = 0;
        for (int j = 0; j < z.Length; j++)
            shifted += t[j] * ((double)max - z[j]);
        return shifted + targetSum * logExpSum;
    }
}
