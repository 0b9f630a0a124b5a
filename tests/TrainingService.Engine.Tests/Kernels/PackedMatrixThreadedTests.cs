using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Tests.Kernels;

/// <summary>
/// Threaded products with B packed beforehand: split along N when there is one row tile (a thread's columns then start
/// inside the packed panels: 1030 = 32·32 + 6 columns, k = 517 in three Kc blocks), along M otherwise (several parts
/// per thread). In the non-parallel collection, so that the threaded calls find the pool free.
/// </summary>
[Collection(PoolAloneCollection.Name)]
public sealed class PackedMatrixThreadedTests
{
    [Theory]
    [InlineData(8, 1030, 517)]
    [InlineData(3, 700, 300)]
    [InlineData(2100, 300, 200)]
    public void MultiplyPacked_Threaded_EqualsUnpackedSingleThreadBitForBit(int m, int n, int k)
    {
        float[] a = GemmReference.Random(m, k, k, seed: 41);
        float[] b = GemmReference.Random(k, n, n, seed: 42);
        float[] expected = new float[m * n];
        Gemm.Multiply(false, false, m, n, k, a, k, b, n, expected, n);
        var packed = new PackedMatrix(k, n);
        packed.Pack(b, n);

        foreach (int threads in new[] { 1, 2, 8 })
        {
            float[] actual = new float[m * n];
            Gemm.MultiplyPacked(m, a, k, packed, actual, n, threads);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        }
    }
}
