using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Tests.Kernels;

public sealed class GemmSmallRowsTests
{
    [Theory]
    [InlineData(1, 784, 256)] // Fashion-MNIST's first layer: three Kc blocks
    [InlineData(1, 256, 128)]
    [InlineData(1, 128, 10)] // narrower than one vector
    [InlineData(2, 28, 300)]
    [InlineData(3, 530, 33)] // a vector tail and a scalar tail
    [InlineData(4, 1, 7)]
    [InlineData(4, 300, 300)]
    public void Multiply_EqualsPackedGemmBitForBit(int rows, int k, int n)
    {
        float[] x = GemmReference.Random(rows, k, k, 21);
        float[] w = GemmReference.Random(k, n, n, 22);
        var packed = new float[rows * n];
        var small = new float[rows * n];
        Array.Fill(small, float.NaN); // the old contents are never read

        Gemm.Multiply(false, false, rows, n, k, x, k, w, n, packed, n);
        GemmSmallRows.Multiply(x, rows, k, w, n, small);

        Assert.Equal(packed, small);
    }
}
