using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Tests.Kernels;

/// <summary>
/// Products large enough that a threaded call splits into parts hundreds of rows or columns long:
/// one part per thread (1000x1030x517, split along N) or several (2100x300x200, along M). Edges
/// everywhere: 1030 = 32·32 + 6 columns, k = 517 in three uneven Kc blocks, 300 = 9·32 + 12.
/// In the non-parallel collection, so that the threaded calls find the pool free.
/// </summary>
[Collection(PoolAloneCollection.Name)]
public sealed class GemmLargeProductTests
{
    public static TheoryData<bool, bool, float> Forms()
    {
        var data = new TheoryData<bool, bool, float>();
        foreach (bool ta in new[] { false, true })
        foreach (bool tb in new[] { false, true })
        foreach (float beta in new[] { 0f, 1f })
            data.Add(ta, tb, beta);
        return data;
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Multiply_LargeOddShapesAllForms_MatchesDoubleReference(bool transposeA, bool transposeB, float beta)
    {
        GemmReference.AssertMultiplyMatches(transposeA, transposeB, 1000, 1030, 517, pad: 3, beta, maxThreads: 2, seed: 21);
        GemmReference.AssertMultiplyMatches(transposeA, transposeB, 2100, 300, 200, pad: 0, beta, maxThreads: 2, seed: 22);
    }

    [Theory]
    [InlineData(false, false, 1000, 1030, 517)]
    [InlineData(true, true, 1000, 1030, 517)]
    [InlineData(true, false, 2100, 300, 200)]
    [InlineData(false, true, 2100, 300, 200)]
    public void Multiply_LargeOddShapes_BitIdenticalAt1_2And8Threads(bool transposeA, bool transposeB, int m, int n, int k)
    {
        var gemm = new GemmInputs(transposeA, transposeB, m, n, k, pad: 2, seed: 31);
        float[] single = gemm.Run(maxThreads: 1);

        Assert.Equal(single, gemm.Run(maxThreads: 2));
        Assert.Equal(single, gemm.Run(maxThreads: 2));
        Assert.Equal(single, gemm.Run(maxThreads: 8));
    }

    [Fact]
    public void Multiply_FromInsidePoolJob_RunsAloneAndMatches()
    {
        if (ComputePool.Shared.MaxParallelism < 2) return; // single core: no pool to be inside
        var gemm = new GemmInputs(false, false, 1000, 1030, 517, pad: 0, seed: 51);
        float[] expected = gemm.Run(maxThreads: 1);
        var job = new NestedGemmJob(gemm, parts: 2);

        Assert.True(ComputePool.Shared.TryRun(job, 2, 2));

        Assert.All(job.Results, result => Assert.Equal(expected, result));
    }

    [Fact]
    public void Multiply_ConcurrentCallers_AllMatch()
    {
        // One caller at a time gets the pool; the others run alone meanwhile.
        var gemm = new GemmInputs(true, false, 2100, 300, 200, pad: 0, seed: 61);
        float[] expected = gemm.Run(maxThreads: 1);
        var results = new float[4][][];
        Thread[] callers = Enumerable.Range(0, results.Length)
            .Select(i => new Thread(() => results[i] = [gemm.Run(2), gemm.Run(2), gemm.Run(2)]))
            .ToArray();

        foreach (Thread caller in callers) caller.Start();
        foreach (Thread caller in callers) caller.Join();

        Assert.All(results.SelectMany(r => r), result => Assert.Equal(expected, result));
    }

    private sealed class NestedGemmJob(GemmInputs gemm, int parts) : IComputeJob
    {
        public float[][] Results { get; } = new float[parts][];

        public void Execute(int part) => Results[part] = gemm.Run(maxThreads: 2);
    }
}
