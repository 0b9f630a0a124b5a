using TrainingService.Engine.Losses;

namespace TrainingService.Engine.Tests.Losses;

/// <summary>Plain double-precision losses: value and gradient w.r.t. the output (logits for the fused ones).</summary>
internal static class LossReference
{
    public static (double Loss, double[] Gradient) Compute(LossKind kind, float[] y, float[] t, int batch, int width, double delta = 1)
    {
        int n = batch * width;
        var g = new double[n];
        double sum = 0;
        if (kind == LossKind.CategoricalCrossEntropy)
        {
            for (int r = 0; r < batch; r++)
            {
                double max = double.NegativeInfinity, expSum = 0, tSum = 0;
                for (int j = 0; j < width; j++) max = Math.Max(max, y[r * width + j]);
                for (int j = 0; j < width; j++) { expSum += Math.Exp(y[r * width + j] - max); tSum += t[r * width + j]; }
                double lse = max + Math.Log(expSum);
                for (int j = 0; j < width; j++)
                {
                    int i = r * width + j;
                    sum += t[i] * (lse - y[i]);
                    g[i] = (Math.Exp(y[i] - lse) * tSum - t[i]) / batch;
                }
            }
            return (sum / batch, g);
        }
        for (int i = 0; i < n; i++)
        {
            double r = (double)y[i] - t[i];
            switch (kind)
            {
                case LossKind.MeanSquaredError: sum += r * r; g[i] = 2 * r / n; break;
                case LossKind.MeanAbsoluteError: sum += Math.Abs(r); g[i] = Math.Sign(r) / (double)n; break;
                case LossKind.Huber:
                    sum += Math.Abs(r) <= delta ? 0.5 * r * r : delta * (Math.Abs(r) - 0.5 * delta);
                    g[i] = Math.Clamp(r, -delta, delta) / n;
                    break;
                case LossKind.BinaryCrossEntropy:
                    double z = y[i];
                    sum += Math.Max(z, 0) - z * t[i] + Math.Log(1 + Math.Exp(-Math.Abs(z)));
                    g[i] = (1 / (1 + Math.Exp(-z)) - t[i]) / n;
                    break;
            }
        }
        return (sum / n, g);
    }
}
