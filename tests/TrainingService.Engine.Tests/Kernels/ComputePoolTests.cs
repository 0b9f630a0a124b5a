using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Tests.Kernels;

public sealed class ComputePoolTests
{
    [Fact]
    public void TryRun_ManyParts_RunsEachPartExactlyOnce()
    {
        if (ComputePool.Shared.MaxParallelism < 2) return; // single-core machine: nothing to pool
        var job = new CountingJob(37);

        bool ran = ComputePool.Shared.TryRun(job, 37, 2);

        if (ran) Assert.All(job.Counts, count => Assert.Equal(1, count));
        else Assert.All(job.Counts, count => Assert.Equal(0, count)); // busy with another test's call
    }

    [Fact]
    public void TryRun_PartThrows_RethrowsOnCallerAndStaysUsable()
    {
        if (ComputePool.Shared.MaxParallelism < 2) return;
        var failing = new CountingJob(4, failAt: 3);
        try
        {
            ComputePool.Shared.TryRun(failing, 4, 2);
        }
        catch (InvalidOperationException)
        {
            // Expected whenever the pool was free.
        }

        var job = new CountingJob(4);
        if (ComputePool.Shared.TryRun(job, 4, 2)) Assert.All(job.Counts, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task TryRun_WorkerNeverShowsUp_CallerRunsEveryPartAndReturns()
    {
        // A worker the OS does not schedule (here: never started) must not hold the call once its parts are done.
        var pool = new ComputePool(workerCount: 1, startThreads: false);
        var job = new CountingJob(5);

        bool ran = await Task.Run(() => pool.TryRun(job, 5, 2)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(ran);
        Assert.All(job.Counts, count => Assert.Equal(1, count));
    }

    private sealed class CountingJob(int parts, int failAt = -1) : IComputeJob
    {
        public int[] Counts { get; } = new int[parts];

        public void Execute(int part)
        {
            Interlocked.Increment(ref Counts[part]);
            if (part == failAt) throw new InvalidOperationException("part failed");
        }
    }
}
