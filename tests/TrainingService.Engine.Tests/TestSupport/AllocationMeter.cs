namespace TrainingService.Engine.Tests;

// In the root test namespace so every test folder sees it without a using.
/// <summary>Bytes allocated by the calling thread in a warmed-up action.</summary>
internal static class AllocationMeter
{
    /// <summary>
    /// Runs <paramref name="action"/> once to warm up (first calls rent scratch and JIT), then measures three windows
    /// of <paramref name="repetitions"/> calls and returns the least: the per-thread counter can report one allocation
    /// quantum that another thread's GC charged to this thread, which a real per-call allocation would not escape
    /// in every window.
    /// </summary>
    public static long SteadyStateBytes(Action action, int repetitions = 10)
    {
        action();
        long least = long.MaxValue;
        for (int window = 0; window < 3; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < repetitions; i++)
                action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
