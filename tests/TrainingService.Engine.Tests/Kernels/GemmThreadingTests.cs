using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Tests.Kernels;

public sealed class GemmThreadingTests
{
    [Theory]
    [InlineData(false, false, 128, 256, 784)]
    [InlineData(true, false, 784, 256, 128)]
    [InlineData(false, true, 128, 784, 256)]
    [InlineData(false, false, 129, 257, 67)]
    [InlineData(true, true, 300, 70, 530)]
    [InlineData(false, false, 2100, 40, 64)] // long enough for several parts per thread
    public void Multiply_SameInputs_BitIdenticalAcrossRunsAndThreadCounts(bool transposeA, bool transposeB, int m, int n, int k)
    {
        float[] first = Run(transposeA, transposeB, m, n, k, maxThreads: 2);
        float[] second = Run(transposeA, transposeB, m, n, k, maxThreads: 2);
        float[] single = Run(transposeA, transposeB, m, n, k, maxThreads: 1);
        float[] wide = Run(transposeA, transposeB, m, n, k, maxThreads: 8);

        Assert.Equal(first, second);
        Assert.Equal(first, single);
        Assert.Equal(first, wide);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Multiply_SteadyState_AllocatesNothing(int maxThreads)
    {
        const int m = 96, n = 200, k = 150;
        float[] a = GemmReference.Random(m, k, k, 1);
        float[] b = GemmReference.Random(n, k, k, 2);
        float[] at = GemmReference.Random(k, m, m, 3);
        float[] bt = GemmReference.Random(k, n, n, 4);
        var c = new float[m * n];

        long allocated = AllocationMeter.SteadyStateBytes(() =>
        {
            Gemm.Multiply(false, true, m, n, k, a, k, b, k, c, n, 0f, maxThreads);
            Gemm.Multiply(true, false, m, n, k, at, m, bt, n, c, n, 1f, maxThreads);
        }, repetitions: 20);

        Assert.Equal(0, allocated);
    }

    private static float[] Run(bool transposeA, bool transposeB, int m, int n, int k, int maxThreads)
    {
        int lda = transposeA ? m : k;
        int ldb = transposeB ? k : n;
        float[] a = GemmReference.Random(transposeA ? k : m, lda, lda, 11);
        float[] b = GemmReference.Random(transposeB ? n : k, ldb, ldb, 12);
        var c = new float[m * n];
        Gemm.Multiply(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, n, 0f, maxThreads);
        return c;
    }
}
