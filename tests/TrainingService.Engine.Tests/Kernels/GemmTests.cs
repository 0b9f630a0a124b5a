using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Tests.Kernels;

public sealed class GemmTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 },
        { 7, 13, 5 },
        { 33, 1, 100 },
        { 1, 33, 100 },
        { 12, 32, 17 },
        { 25, 65, 3 },
        { 129, 257, 67 },
        { 64, 48, 300 },
    };

    public static TheoryData<bool, bool, float, int> Modes()
    {
        var data = new TheoryData<bool, bool, float, int>();
        foreach (bool ta in new[] { false, true })
        foreach (bool tb in new[] { false, true })
        foreach (float beta in new[] { 0f, 1f })
        foreach (int threads in new[] { 1, 2 })
            data.Add(ta, tb, beta, threads);
        return data;
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Multiply_OddShapesAllForms_MatchesDoubleReference(bool transposeA, bool transposeB, float beta, int maxThreads)
    {
        foreach (var row in Shapes)
        {
            (int m, int n, int k) = ((int)row[0], (int)row[1], (int)row[2]);
            GemmReference.AssertMultiplyMatches(transposeA, transposeB, m, n, k, pad: 0, beta, maxThreads, seed: 42);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Multiply_NonTightLeadingDimensions_ReadsAndWritesOnlyTheMatrices(bool transposeA, bool transposeB, float beta, int maxThreads)
    {
        GemmReference.AssertMultiplyMatches(transposeA, transposeB, 37, 71, 29, pad: 5, beta, maxThreads, seed: 7);
        GemmReference.AssertMultiplyMatches(transposeA, transposeB, 129, 257, 67, pad: 3, beta, maxThreads, seed: 8);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Multiply_SeveralCacheBlocksInEveryDimension_MatchesDoubleReference(bool transposeA, bool transposeB)
    {
        // k and n exceed the Kc and Nc blocks, so the partial sums of several blocks meet in C.
        GemmReference.AssertMultiplyMatches(transposeA, transposeB, 50, 1100, 600, pad: 1, beta: 1f, maxThreads: 2, seed: 3);
        GemmReference.AssertMultiplyMatches(transposeA, transposeB, 300, 40, 777, pad: 0, beta: 0f, maxThreads: 2, seed: 4);
    }

    [Fact]
    public void Multiply_OtherBeta_ScalesOldC()
    {
        GemmReference.AssertMultiplyMatches(false, true, 19, 23, 11, pad: 2, beta: 0.5f, maxThreads: 1, seed: 5);
    }

    [Fact]
    public void Multiply_ZeroDepthWithBetaZero_ClearsC()
    {
        var c = new float[] { float.NaN, 5f, 6f, float.NaN };
        Gemm.Multiply(false, false, 2, 2, 0, [], 1, [], 2, c, 2);
        Assert.Equal(new float[4], c);
    }

    [Fact]
    public void Multiply_OperandTooShort_Throws()
    {
        var a = new float[6];
        var b = new float[6];
        var c = new float[3];
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 3, a, 3, b, 2, c, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, 2, 2, 3, a, 2, b, 2, new float[4], 2));
    }
}
