using System.Runtime.CompilerServices;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// The packed B panels that all threads of one large call fill together and then all read, so B is
/// packed once per call instead of once per part. Two panels alternate between consecutive
/// <c>(jc, pc)</c> blocks: a thread may pack block b+1 while another still sweeps block b, and the
/// one barrier per block (after packing) also guarantees that block b-1, the other user of the
/// panel, is finished. Allocated once per calling thread (pinned, like <see cref="GemmScratch"/>)
/// and reused by its later calls.
/// </summary>
internal sealed unsafe class GemmSharedPanels
{
    private const int Alignment = 64;

    // One strip counter per cache line, so a part counting through its own strips keeps the line to itself.
    private const int CounterStride = Alignment / sizeof(int);

    // Keeps the pinned array alive: only pointers into it are used.
    private readonly float[] _storage;
    private readonly float* _even;
    private readonly float* _odd;

    // Per panel and part: strips of the part's own range claimed so far in the panel's current block.
    private int[] _claimed = [];

    public GemmSharedPanels()
    {
        int panel = GemmScratch.PackedBLength;
        int pad = Alignment / sizeof(float);
        _storage = GC.AllocateUninitializedArray<float>(2 * panel + 2 * pad, pinned: true);
        _even = GemmScratch.Align((float*)Unsafe.AsPointer(ref _storage[0]));
        _odd = GemmScratch.Align(_even + panel);
    }

    public SpinBarrier Barrier { get; } = new();

    /// <summary>Prepares for a call in <paramref name="parts"/> parts. Only between calls.</summary>
    public void Reset(int parts)
    {
        Barrier.Reset(parts);
        int length = 2 * parts * CounterStride;
        if (_claimed.Length < length) _claimed = new int[length]; // once per larger thread count
        else Array.Clear(_claimed);
    }

    /// <summary>The panel that block number <paramref name="block"/> (counted over the whole call) packs into.</summary>
    public float* Panel(int block) => (block & 1) == 0 ? _even : _odd;

    /// <summary>
    /// A row strip of <paramref name="block"/> for <paramref name="part"/> to sweep, or -1 once all are
    /// taken. Each part owns a contiguous range of the <paramref name="strips"/> and takes those first,
    /// in order, then helps with the others' remaining strips: a thread the OS delays leaves its
    /// strips to the others, while on a quiet machine each sweeps its own rows.
    /// </summary>
    public int ClaimStrip(int block, int part, int parts, int strips)
    {
        for (int i = 0; i < parts; i++)
        {
            int owner = (part + i) % parts;
            int first = (int)((long)strips * owner / parts);
            int count = (int)((long)strips * (owner + 1) / parts) - first;
            ref int claimed = ref Claimed(block, owner);
            // Read first: a finished range is passed over without writing to its owner's line.
            if (Volatile.Read(ref claimed) >= count) continue;
            int index = Interlocked.Increment(ref claimed) - 1;
            if (index < count) return first + index;
        }

        return -1;
    }

    /// <summary>
    /// Rewinds the strip counters for <paramref name="block"/>. Call between the barriers of blocks
    /// <c>block - 1</c> and <paramref name="block"/>, when no thread can still be claiming from the
    /// counters' previous block (<c>block - 2</c>) nor yet from this one.
    /// </summary>
    public void RewindStrips(int block, int parts)
    {
        for (int owner = 0; owner < parts; owner++) Volatile.Write(ref Claimed(block, owner), 0);
    }

    private ref int Claimed(int block, int owner) =>
        ref _claimed[((block & 1) * (_claimed.Length / (2 * CounterStride)) + owner) * CounterStride];
}
