namespace TrainingService.Engine.Kernels;

/// <summary>
/// Cache-blocking sizes. A packed A micro-panel (<c>Mr×Kc</c>) stays in L1 while the packed B panel
/// (<c>Kc×Nc</c>) streams from L2 beneath it, so Kc is bounded by L1 and Kc·Nc by half of L2
/// (32 KiB L1d / 1 MiB L2 per core on the reference Zen 4).
/// </summary>
internal static class GemmBlocking
{
    public static readonly int KcMax = FromEnvironment("TS_GEMM_KC", 256);

    public static readonly int NcMax = FromEnvironment("TS_GEMM_NC", 512);

    /// <summary>Largest Mr and Nr of any micro-kernel, for sizing scratch.</summary>
    public const int MrMax = 16;

    public const int NrMax = 32;

    /// <summary>Below this many multiply-adds a second thread costs more to wake than it saves.</summary>
    public static readonly long ParallelThreshold = FromEnvironment("TS_GEMM_PAR", 1 << 18);

    /// <summary>Parts of C per thread when a call is split: see <see cref="GemmJob.PlanThreads"/>.</summary>
    public static readonly int PartsPerThread = FromEnvironment("TS_GEMM_PARTS", 2);

    /// <summary>Shortest part worth making beyond one per thread.</summary>
    public const int MinPartLength = 512;

    /// <summary>
    /// Splits <paramref name="length"/> into equal blocks no larger than <paramref name="max"/>, rounded up
    /// to <paramref name="multiple"/>, so e.g. k = 784 becomes 3 × 264 rather than 256+256+256+16.
    /// </summary>
    public static int Balanced(int length, int max, int multiple)
    {
        int blocks = (length + max - 1) / max;
        int size = (length + blocks - 1) / blocks;
        size = (size + multiple - 1) / multiple * multiple;
        return Math.Min(size, max);
    }

    // REVIEW: environment overrides exist for tuning runs of the bench; drop them once sizes settle.
    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int value) && value > 0 ? value : fallback;
}
