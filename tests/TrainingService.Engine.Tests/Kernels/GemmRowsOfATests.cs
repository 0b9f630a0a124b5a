using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Tests.Kernels;

public sealed class GemmRowsOfATests
{
    [Theory]
    [InlineData(false, 128, 256, 784, 1)] // the first layer's forward X·W
    [InlineData(false, 128, 256, 784, 2)]
    [InlineData(true, 784, 256, 128, 1)] // and its weight gradient Xᵀ·dZ
    [InlineData(true, 784, 256, 128, 2)]
    [InlineData(false, 13, 40, 67, 1)] // edge tiles and a depth that is no multiple of 8
    [InlineData(true, 37, 19, 5, 1)]
    [InlineData(false, 300, 70, 530, 2)]
    public void MultiplyRowsOfA_ScatteredRows_BitIdenticalToGatheringThemFirst(bool transposeA, int m, int n, int k, int maxThreads)
    {
        int storedRows = transposeA ? k : m, rowLength = transposeA ? m : k, dataRows = 3 * storedRows + 5;
        float[] data = GemmReference.Random(dataRows, rowLength, rowLength, 21);
        int[] order = Enumerable.Range(0, dataRows).ToArray();
        new Random(22).Shuffle(order);
        const int start = 4;
        var gathered = new float[storedRows * rowLength];
        for (int r = 0; r < storedRows; r++)
            data.AsSpan(order[start + r] * rowLength, rowLength).CopyTo(gathered.AsSpan(r * rowLength));
        float[] b = GemmReference.Random(k, n, n, 23);
        var expected = new float[m * n];
        var actual = new float[m * n];

        Gemm.Multiply(transposeA, false, m, n, k, gathered, rowLength, b, n, expected, n, 0f, maxThreads);
        Gemm.MultiplyRowsOfA(transposeA, false, m, n, k, data, order.AsSpan(start, storedRows), rowLength, b, n, actual, n, 0f, maxThreads);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void MultiplyRowsOfA_IndexOutsideData_ThrowsNamingTheIndices()
    {
        float[] data = new float[10 * 4];
        int[] rows = [0, 3, 10];

        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.MultiplyRowsOfA(false, false, 3, 2, 4, data, rows, 4, new float[8], 2, new float[6], 2));

        Assert.Equal("rowsOfA", e.ParamName);
    }

    [Fact]
    public void MultiplyRowsOfA_SteadyState_AllocatesNothing()
    {
        float[] data = GemmReference.Random(500, 64, 64, 31);
        int[] rows = Enumerable.Range(0, 500).Reverse().ToArray();
        float[] b = GemmReference.Random(64, 48, 48, 32);
        var c = new float[128 * 48];
        var dw = new float[64 * 48];

        long allocated = AllocationMeter.SteadyStateBytes(() =>
        {
            Gemm.MultiplyRowsOfA(false, false, 128, 48, 64, data, rows.AsSpan(7, 128), 64, b, 48, c, 48, 0f, 2);
            Gemm.MultiplyRowsOfA(true, false, 64, 48, 128, data, rows.AsSpan(7, 128), 64, c, 48, dw, 48, 0f, 2);
        }, repetitions: 20);

        Assert.Equal(0, allocated);
    }
}
