using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// Software prefetch of a span's cache lines, for reads whose addresses the hardware prefetchers cannot guess (rows
/// picked in a shuffled order). A hint only: it changes no value, and where the ISA has no prefetch it does nothing.
/// </summary>
internal static unsafe class CachePrefetch
{
    private const int FloatsPerLine = 64 / sizeof(float);

    /// <summary>Asks for every cache line of <paramref name="values"/> to be brought into all cache levels.</summary>
    public static void Lines(ReadOnlySpan<float> values)
    {
        if (!Sse.IsSupported || values.IsEmpty)
            return;
        fixed (float* start = &MemoryMarshal.GetReference(values))
        {
            for (int i = 0; i < values.Length; i += FloatsPerLine)
                Sse.Prefetch0(start + i);
            // The span need not start on a line, so its last line may be one the loop stepped over.
            Sse.Prefetch0(start + values.Length - 1);
        }
    }
}
