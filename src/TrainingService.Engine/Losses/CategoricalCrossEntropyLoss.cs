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

    public float Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width) =>
        Compute(output, target, [], gradient, batch, width);

    /// <summary>
    /// With <paramref name="sampleWeights"/> (<c>[batch]</c>, or empty): row r's loss counts <c>wᵣ</c> times in the
    /// mean and its gradient is <c>wᵣ(softmax(z)·Σt − t)/batch</c>, folded into the same pass.
    /// </summary>
    public float Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, ReadOnlySpan<float> sampleWeights, Span<float> gradient, int batch, int width)
    {
        LossShape.Check(output, target, gradient, batch, width);
        bool weighted = !sampleWeights.IsEmpty;
        if (weighted)
            SampleWeights.Check(sampleWeights, batch);
        int n = batch * width;
        // Three passes over the whole batch rather than eight library calls per row: at 10 classes the
        // per-row call overhead was most of the cost. Pass 1: shifted logits z − max(z) per row.
        for (int r = 0; r < batch; r++)
        {
            ReadOnlySpan<float> z = output.Slice(r * width, width);
            Span<float> g = gradient.Slice(r * width, width);
            float max = z[0];
            for (int j = 1; j < z.Length; j++)
                max = MathF.Max(max, z[j]);
            for (int j = 0; j < z.Length; j++)
                g[j] = z[j] - max;
        }
        // Pass 2: one vectorized exp over the whole batch.
        TensorPrimitives.Exp(gradient[..n], gradient[..n]);
        // Pass 3: per row the loss and ∂L/∂z = (softmax·Σt − t)/batch.
        double sum = 0;
        float invBatch = 1f / batch, minusInvBatch = -invBatch;
        for (int r = 0; r < batch; r++)
        {
            ReadOnlySpan<float> z = output.Slice(r * width, width), t = target.Slice(r * width, width);
            Span<float> g = gradient.Slice(r * width, width);
            float expSum = 0f, targetSum = 0f, max = z[0];
            for (int j = 0; j < g.Length; j++)
            {
                expSum += g[j];
                targetSum += t[j];
                max = MathF.Max(max, z[j]);
            }
            float weight = weighted ? sampleWeights[r] : 1f;
            double rowLoss = RowLoss(z, t, max, Math.Log(expSum), targetSum);
            sum += weighted ? weight * rowLoss : rowLoss;
            float scale = targetSum * invBatch * weight / expSum, minusTarget = minusInvBatch * weight;
            for (int j = 0; j < g.Length; j++)
                g[j] = t[j] * minusTarget + g[j] * scale;
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
