namespace TrainingService.Engine.Tests;

/// <summary>
/// Bytes a warmed-up step allocates on the calling thread. The runtime's per-thread counter can be off
/// by up to one allocation quantum (~8 KB) when a collection triggered by another thread resets this
/// thread's allocation context (dotnet/runtime#63487; seen once in CI as 8,152 "allocated" bytes with
/// nothing allocated), so the step is measured in several windows and the least is reported: an
/// allocation the step really makes shows in every window.
/// </summary>
internal static class AllocationMeter
{
    public static long SteadyStateBytes(Action step, int repetitions = 10, int windows = 3)
    {
        step(); // first call allocates slots, scratch and thread-static caches
        long least = long.MaxValue;
        for (int w = 0; w < windows && least != 0; w++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < repetitions; i++)
                step();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
