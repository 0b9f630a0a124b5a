using System.Runtime.CompilerServices;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// The B operand of <see cref="Gemm.MultiplyPacked"/>
/// (<c>[k, n]</c>, row-major) packed once in the micro-kernel's panel layout, for a B that many calls share, such as a
/// trained layer's weights: a call then packs only its A rows. Each Kc depth block holds the whole width in Nr-column
/// panels, exactly what the driver would pack per call, so results are bit-identical to the unpacked path.
/// Packed for the widest micro-kernel this machine accelerates, which is the one every call runs.
/// </summary>
public sealed unsafe class PackedMatrix
{
    private const int Alignment = 64;

    // Keeps the pinned array alive: the driver reads it through Data.
    private readonly float[] _storage;

    /// <summary>Room for a <paramref name="k"/>×<paramref name="n"/> B; fill it with <see cref="Pack"/>.</summary>
    public PackedMatrix(int k, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        (K, N, Nr) = (k, n, GemmJob.Nr);
        PaddedColumns = (n + Nr - 1) / Nr * Nr;
        KcBlock = GemmBlocking.Balanced(k, GemmBlocking.KcMax, 8);
        _storage = GC.AllocateUninitializedArray<float>(checked(k * PaddedColumns + Alignment / sizeof(float)), pinned: true);
        float* start = (float*)Unsafe.AsPointer(ref _storage[0]);
        Data = (float*)(((nint)start + Alignment - 1) & ~(nint)(Alignment - 1));
    }

    /// <summary>Rows of B: the depth of the product.</summary>
    public int K { get; }

    /// <summary>Columns of B and of C.</summary>
    public int N { get; }

    internal int Nr { get; }

    internal int KcBlock { get; }

    /// <summary>N rounded up to whole micro-panels; the depth block starting at row p begins at <c>p·PaddedColumns</c>.</summary>
    internal int PaddedColumns { get; }

    internal float* Data { get; }

    /// <summary>Packs <paramref name="b"/> (<c>[K, N]</c>, row stride <paramref name="ldb"/>) over the previous contents; allocates nothing.</summary>
    public void Pack(ReadOnlySpan<float> b, int ldb)
    {
        if (ldb < N)
            throw new ArgumentOutOfRangeException(nameof(ldb), $"Leading dimension {ldb} is less than the row length {N}.");
        if (b.Length < (long)(K - 1) * ldb + N)
            throw new ArgumentException($"b holds {b.Length} floats; a [{K}, {N}] matrix with leading dimension {ldb} needs {(long)(K - 1) * ldb + N}.", nameof(b));
        fixed (float* pb = b)
        {
            var op = new GemmOperands(false, false, 0, N, K, null, 1, pb, ldb, null, N, false);
            for (int pc = 0; pc < K; pc += KcBlock)
                GemmPacking.PackB(op, pc, Math.Min(KcBlock, K - pc), 0, N, Nr, Data + (nint)pc * PaddedColumns);
        }
    }

    /// <summary>Where the packed panels of depth block <paramref name="pc"/> start at column <paramref name="jc"/> (a multiple of Nr).</summary>
    internal float* Panels(int pc, int kc, int jc) => Data + (nint)pc * PaddedColumns + (nint)(jc / Nr) * kc * Nr;
}
