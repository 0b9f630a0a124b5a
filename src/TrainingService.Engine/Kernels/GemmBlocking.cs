namespace TrainingService.Engine.Kernels;

/// <summary>
/// Cache-blocking sizes. A packed A micro-panel (<c>Mr×Kc</c>) stays in L1 while the packed B panel
/// (<c>Kc×Nc</c>) streams from L2 beneath it, so Kc is bounded by L1 and Kc·Nc by half of L2
/// (32 KiB L1d / 1 MiB L2 per core on the reference Zen 4).
/// </summary>
internal static class GemmBlocking
{
    public const int KcMax = 256;

    public const int NcMax = 512;

    /// <summary>Largest Mr and Nr of any micro-kernel, for sizing scratch.</summary>
    public const int MrMax = 16;

    public const int NrMax = 32;

    /// <summary>Below this many multiply-adds a second thread costs more to wake than it saves.</summary>
    public const long ParallelThreshold = 1 << 18;

    /// <summary>Parts of C per thread when a call is split: see <see cref="GemmJob.PlanThreads"/>.</summary>
    public const int PartsPerThread = 2;

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
}
