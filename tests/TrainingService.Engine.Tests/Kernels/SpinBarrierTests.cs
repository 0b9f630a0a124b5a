using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Tests.Kernels;

public sealed class SpinBarrierTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SignalAndWait_ManyGenerations_NoThreadPassesBeforeAllArrive(int parties)
    {
        const int generations = 2000;
        var barrier = new SpinBarrier();
        barrier.Reset(parties);
        var arrivals = new int[generations];
        var seenAfter = new int[parties, generations];
        Thread[] threads = Enumerable.Range(0, parties).Select(t => new Thread(() =>
        {
            for (int g = 0; g < generations; g++)
            {
                Interlocked.Increment(ref arrivals[g]);
                barrier.SignalAndWait();
                seenAfter[t, g] = Volatile.Read(ref arrivals[g]);
            }
        })).ToArray();

        foreach (Thread thread in threads) thread.Start();
        foreach (Thread thread in threads) thread.Join();

        for (int t = 0; t < parties; t++)
        for (int g = 0; g < generations; g++)
            Assert.Equal(parties, seenAfter[t, g]);
    }

    [Fact]
    public void Reset_OtherPartyCount_Reusable()
    {
        var barrier = new SpinBarrier();
        barrier.Reset(3);
        Thread[] three = Enumerable.Range(0, 3).Select(_ => new Thread(barrier.SignalAndWait)).ToArray();
        foreach (Thread thread in three) thread.Start();
        foreach (Thread thread in three) thread.Join();

        barrier.Reset(1);
        barrier.SignalAndWait(); // alone: must not wait for anyone
        Assert.Throws<ArgumentOutOfRangeException>(() => barrier.Reset(0));
    }
}
