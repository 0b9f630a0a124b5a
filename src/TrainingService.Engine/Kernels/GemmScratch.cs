using System.Runtime.CompilerServices;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// One thread's packing buffers, allocated on first use and reused by every later call on that thread.
/// The array lives on the pinned object heap, so its address can be held across a whole call without
/// a <c>fixed</c> block, and is freed with the thread.
/// </summary>
internal sealed unsafe class GemmScratch
{
    private const int Alignment = 64;

    [ThreadStatic]
    private static GemmScratch? t_current;

    // Keeps the pinned array alive: only pointers into it are used.
    private readonly float[] _storage;

    private GemmScratch()
    {
        int packedB = GemmBlocking.KcMax * RoundUp(GemmBlocking.NcMax, GemmBlocking.NrMax);
        int packedA = GemmBlocking.MrMax * GemmBlocking.KcMax;
        int edge = GemmBlocking.MrMax * GemmBlocking.NrMax;
        int pad = Alignment / sizeof(float);
        _storage = GC.AllocateUninitializedArray<float>(packedB + packedA + edge + 3 * pad, pinned: true);

        float* start = (float*)Unsafe.AsPointer(ref _storage[0]);
        PackedB = Align(start);
        PackedA = Align(PackedB + packedB);
        EdgeTile = Align(PackedA + packedA);
    }

    public static GemmScratch Current => t_current ??= new GemmScratch();

    /// <summary>Packed B panel: <c>ceil(Nc/Nr)</c> micro-panels of <c>Kc×Nr</c>.</summary>
    public float* PackedB { get; }

    /// <summary>Packed A micro-panel: <c>Kc</c> columns of <c>Mr</c>.</summary>
    public float* PackedA { get; }

    /// <summary>An <c>Mr×Nr</c> tile for edges of C that a full tile would overrun.</summary>
    public float* EdgeTile { get; }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static float* Align(float* p) => (float*)(((nint)p + Alignment - 1) & ~(nint)(Alignment - 1));
}
