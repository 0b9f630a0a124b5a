using TrainingService.Engine.Layers;
using TrainingService.Engine.Specs;
using TrainingService.Engine.Tests.TestSupport;

namespace TrainingService.Engine.Tests.Layers;

public sealed class BatchNormalizationLayerTests
{
    [Fact]
    public void Backward_Training_MatchesFiniteDifferences()
    {
        BatchNormalizationLayer layer = Create(width: 5);
        TestData.Uniform(5, seed: 91, scale: 2f).CopyTo(layer.Gamma.Value, 0);
        TestData.Uniform(5, seed: 92).CopyTo(layer.Beta.Value, 0);
        float[] x = TestData.Uniform(6 * 5, seed: 93, scale: 3f);

        LayerGradientCheck.Run(layer, x, batch: 6, seed: 94);
    }

    [Fact]
    public void Forward_Training_NormalizesEachFeature()
    {
        BatchNormalizationLayer layer = Create(width: 3, epsilon: 1e-5f);
        layer.EnsureCapacity(64);
        float[] x = TestData.Uniform(64 * 3, seed: 95, scale: 5f).Select((v, i) => v + i % 3 * 10f).ToArray();

        float[] y = layer.Forward(x, 64, training: true).ToArray();

        for (int j = 0; j < 3; j++)
        {
            double[] column = Enumerable.Range(0, 64).Select(r => (double)y[r * 3 + j]).ToArray();
            double mean = column.Average();
            Assert.Equal(0, mean, 1e-5);
            Assert.Equal(1, column.Select(v => (v - mean) * (v - mean)).Average(), 1e-3);
        }
    }

    [Fact]
    public void Forward_Inference_UsesRunningStatistics()
    {
        BatchNormalizationLayer layer = Create(width: 2);
        layer.EnsureCapacity(2);
        layer.RunningMean[0] = 1f; layer.RunningMean[1] = -2f;
        layer.RunningVariance[0] = 4f; layer.RunningVariance[1] = 0.25f;
        layer.Gamma.Value[0] = 2f; layer.Beta.Value[1] = 0.5f;
        float[] x = [3f, -2f, 5f, 0f];

        float[] y = layer.Forward(x, 2, training: false).ToArray();

        double[] expected = [2 * (3 - 1) / Math.Sqrt(4.001), 0.5, 2 * (5 - 1) / Math.Sqrt(4.001), (0 + 2) / Math.Sqrt(0.251) + 0.5];
        Reference.AssertAllClose(expected, y, rel: 1e-6, abs: 1e-6);
    }

    [Fact]
    public void Forward_Training_UpdatesRunningStatisticsWithMomentum()
    {
        BatchNormalizationLayer layer = Create(width: 1, momentum: 0.9f);
        layer.EnsureCapacity(2);

        layer.Forward([1f, 3f], 2, training: true); // mean 2, biased variance 1

        Assert.Equal(0.9f * 0f + 0.1f * 2f, layer.RunningMean[0], 6);
        Assert.Equal(0.9f * 1f + 0.1f * 1f, layer.RunningVariance[0], 6);
    }

    [Fact]
    public void Forward_Inference_LeavesRunningStatisticsUnchanged()
    {
        BatchNormalizationLayer layer = Create(width: 1);
        layer.EnsureCapacity(2);

        layer.Forward([1f, 3f], 2, training: false);

        Assert.Equal((0f, 1f), (layer.RunningMean[0], layer.RunningVariance[0]));
    }

    private static BatchNormalizationLayer Create(int width, float momentum = 0.99f, float epsilon = 0.001f) =>
        new("batchNormalization", width, new BatchNormalizationLayerSpec(momentum, epsilon));
}
