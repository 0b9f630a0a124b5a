using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Tests.TestSupport;

namespace TrainingService.Engine.Tests.Optimizers;

public sealed class AdamKernelTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(37)]
    [InlineData(100_003)]
    public void Update_AnyLength_MatchesDoubleReference(int length)
    {
        float[] w = TestData.Uniform(length, seed: 41), g = TestData.Uniform(length, seed: 42);
        float[] m = TestData.Uniform(length, seed: 43, scale: 0.1f);
        float[] v = TestData.Uniform(length, seed: 44, scale: 0.01f).Select(Math.Abs).ToArray();
        const float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f, step = 0.01f, inv = 3f;
        var expected = new double[length];
        for (int i = 0; i < length; i++)
        {
            double mi = b1 * (double)m[i] + (1 - (double)b1) * g[i];
            double vi = b2 * (double)v[i] + (1 - (double)b2) * g[i] * (double)g[i];
            expected[i] = w[i] - step * mi / (Math.Sqrt(vi) * inv + eps);
        }

        AdamKernel.Update(w, g, m, v, b1, b2, eps, step, inv, maxThreads: 2);

        Reference.AssertAllClose(expected, w, rel: 1e-5, abs: 1e-6);
    }

    [Fact]
    public void Update_SplitAcrossThreads_IsBitIdenticalToOneThread()
    {
        const int length = 200_001;
        float[][] One() => [TestData.Uniform(length, seed: 51), TestData.Uniform(length, seed: 52),
            TestData.Uniform(length, seed: 53, scale: 0.1f), TestData.Uniform(length, seed: 54, scale: 0.01f).Select(Math.Abs).ToArray()];
        float[][] single = One(), split = One();

        for (int step = 1; step <= 3; step++)
        {
            AdamKernel.Update(single[0], single[1], single[2], single[3], 0.9f, 0.999f, 1e-8f, 1e-3f * step, 2f, maxThreads: 1);
            AdamKernel.Update(split[0], split[1], split[2], split[3], 0.9f, 0.999f, 1e-8f, 1e-3f * step, 2f, maxThreads: 2);
        }

        for (int a = 0; a < 4; a++)
            Assert.Equal(single[a], split[a]);
    }
}
