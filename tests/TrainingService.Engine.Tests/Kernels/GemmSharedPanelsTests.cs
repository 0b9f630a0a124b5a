using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Tests.Kernels;

/// <summary>
/// The shared-panel path of <see cref="Gemm.Multiply"/>: threads pack each B panel together and claim
/// row strips. Shapes have edges everywhere: 1030 = 32·32 + 6 columns (a narrow last micro-panel),
/// k = 517 in three uneven Kc blocks, 777 = 97·8 + 1 rows.
/// </summary>
[Collection(PoolAloneCollection.Name)]
public sealed class GemmSharedPanelsTests
{
    private static bool Threaded => ComputePool.Shared.MaxParallelism >= 2;

    [Theory]
    [InlineData(1024, 1024, 1024)]
    [InlineData(1000, 1030, 517)]
    [InlineData(777, 300, 900)]
    public void Plan_LargeProducts_OnePartPerThreadSharingPanels(int m, int n, int k)
    {
        if (!Threaded) return; // single core: nothing to share
        GemmPlan plan = GemmJob.Plan(m, n, k, maxThreads: 2);
        Assert.True(plan.SharePanels);
        Assert.Equal(2, plan.Threads);
        Assert.Equal(plan.Threads, plan.Parts);
        Assert.Equal(2, GemmJob.Plan(m, n, k, maxThreads: 8).Parts); // the machine's cores, not the request
    }

    [Theory]
    [InlineData(128, 256, 784)]
    [InlineData(128, 128, 256)]
    [InlineData(784, 256, 128)]
    [InlineData(128, 784, 256)]
    [InlineData(64, 4096, 1024)] // large, but too few rows to share out
    public void Plan_TrainingShapes_KeepFreelyClaimedParts(int m, int n, int k)
    {
        Assert.False(GemmJob.Plan(m, n, k, maxThreads: 2).SharePanels);
    }

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
    public void Multiply_SharedPanelShapesAllForms_MatchesDoubleReference(bool transposeA, bool transposeB, float beta)
    {
        GemmReference.AssertMultiplyMatches(transposeA, transposeB, 1000, 1030, 517, pad: 3, beta, maxThreads: 2, seed: 21);
        GemmReference.AssertMultiplyMatches(transposeA, transposeB, 777, 300, 900, pad: 0, beta, maxThreads: 2, seed: 22);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Multiply_SharedPanelShapes_BitIdenticalAt1_2And8Threads(bool transposeA, bool transposeB)
    {
        var gemm = new GemmInputs(transposeA, transposeB, 1000, 1030, 517, pad: 2, seed: 31);
        float[] single = gemm.Run(maxThreads: 1);

        Assert.Equal(single, gemm.Run(maxThreads: 2));
        Assert.Equal(single, gemm.Run(maxThreads: 2));
        Assert.Equal(single, gemm.Run(maxThreads: 8));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void SharedParts_OnDedicatedThreads_BitIdenticalToSingleThread(int threads)
    {
        // Any number of threads, whatever the pool has: B panels split three or five ways.
        var gemm = new GemmInputs(false, true, 777, 1030, 517, pad: 1, seed: 41);
        float[] single = gemm.Run(maxThreads: 1);

        Assert.Equal(single, gemm.RunSharedOnDedicatedThreads(threads));
        Assert.Equal(single, gemm.RunSharedOnDedicatedThreads(threads));
    }

    [Fact]
    public void Multiply_FromInsidePoolJob_RunsAloneAndMatches()
    {
        if (!Threaded) return;
        var gemm = new GemmInputs(false, false, 1000, 1030, 517, pad: 0, seed: 51);
        float[] expected = gemm.Run(maxThreads: 1);
        var job = new NestedGemmJob(gemm, parts: 2);

        Assert.True(ComputePool.Shared.TryRun(job, 2, 2));

        Assert.All(job.Results, result => Assert.Equal(expected, result));
    }

    [Fact]
    public void Multiply_ConcurrentCallers_AllMatch()
    {
        // One caller at a time gets the pool and shares panels; the others run alone meanwhile.
        var gemm = new GemmInputs(true, false, 1000, 1030, 517, pad: 0, seed: 61);
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
