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

        AdamKernel.Update(w, g, m, v, b1, b2, eps, step, inv);

        Reference.AssertAllClose(expected, w, rel: 1e-5, abs: 1e-6);
    }

    [Fact]
    public void Step_SplitAcrossThreads_IsBitIdenticalToOneThread()
    {
        // 200,001 values split across threads, 37 that stay whole: both paths of the job.
        Parameter[] Build() => [new Parameter("w", 1, 200_001, isWeight: true), new Parameter("b", 1, 37, isWeight: false)];
        Parameter[] single = Build(), split = Build();
        var one = new Adam { MaxThreads = 1 };
        var two = new Adam { MaxThreads = 2 };

        for (int step = 1; step <= 3; step++)
        {
            foreach (Parameter[] ps in new[] { single, split })
            {
                for (int i = 0; i < ps.Length; i++)
                    TestData.Uniform(ps[i].Length, seed: (ulong)(50 + 10 * step + i)).CopyTo(ps[i].Gradient, 0);
            }
            one.Step(single, 1e-2f);
            two.Step(split, 1e-2f);
        }

        for (int i = 0; i < single.Length; i++)
            Assert.Equal(single[i].Value, split[i].Value);
    }
}
