using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Tests.Kernels;

public sealed class PackedMatrixTests
{
    public static TheoryData<int, int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int, int>();
        // (m, n, k): one row; odd edges; several Kc blocks (k > 256); several Nc blocks (n > 512); the first layer of
        // the Fashion-MNIST network at a prediction chunk.
        foreach (var (m, n, k) in new[] { (1, 1, 1), (5, 3, 7), (37, 70, 29), (129, 257, 67), (50, 600, 1100), (8, 33, 300), (512, 256, 784) })
        foreach (int threads in new[] { 1, 2 })
            data.Add(m, n, k, threads);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyPacked_AnyShape_EqualsMultiplyBitForBit(int m, int n, int k, int maxThreads)
    {
        const int pad = 3;
        float[] a = GemmReference.Random(m, k, k + pad, seed: 11);
        float[] b = GemmReference.Random(k, n, n + pad, seed: 12);
        float[] expected = GemmReference.Random(m, n, n + pad, seed: 13), actual = (float[])expected.Clone();
        Gemm.Multiply(false, false, m, n, k, a, k + pad, b, n + pad, expected, n + pad, 0f, maxThreads);

        var packed = new PackedMatrix(k, n);
        packed.Pack(b, n + pad);
        Gemm.MultiplyPacked(m, a, k + pad, packed, actual, n + pad, maxThreads);

        // Bit for bit, padding between rows included (NaN there: written by neither path).
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Pack_Again_MultipliesByTheNewValues()
    {
        float[] a = GemmReference.Random(20, 30, 30, seed: 21);
        float[] first = GemmReference.Random(30, 40, 40, seed: 22), second = GemmReference.Random(30, 40, 40, seed: 23);
        var packed = new PackedMatrix(30, 40);
        packed.Pack(first, 40);

        packed.Pack(second, 40);
        float[] expected = new float[20 * 40], actual = new float[20 * 40];
        Gemm.Multiply(false, false, 20, 40, 30, a, 30, second, 40, expected, 40);
        Gemm.MultiplyPacked(20, a, 30, packed, actual, 40);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void PackAndMultiply_OperandsTooShort_ThrowNamingThem()
    {
        var packed = new PackedMatrix(4, 5);

        Assert.Equal("ldb", Assert.Throws<ArgumentOutOfRangeException>(() => packed.Pack(new float[20], 4)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => packed.Pack(new float[19], 5)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Gemm.MultiplyPacked(3, new float[11], 4, packed, new float[15], 5)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => Gemm.MultiplyPacked(3, new float[12], 4, packed, new float[14], 5)).ParamName);
    }
}
