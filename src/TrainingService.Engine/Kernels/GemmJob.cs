using System.Runtime.Intrinsics;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// One GEMM call split into a fixed partition of C: contiguous runs of whole micro-tiles along M or
/// along N, a few per thread, which pool threads claim as they go. Tile boundaries and the Kc
/// blocking do not depend on the partition, so every element of C is summed in the same order
/// whichever thread computes it and however many parts there are: results are bit-identical across
/// runs and thread counts.
/// </summary>
internal sealed class GemmJob : IComputeJob
{
    [ThreadStatic]
    private static GemmJob? t_cached;

    private GemmOperands _op;
    private bool _splitRows;
    private int _parts;

    /// <summary>This thread's reusable job, so a threaded call allocates nothing after the first.</summary>
    public static GemmJob ForCurrentThread => t_cached ??= new GemmJob();

    public static int Mr =>
        Vector512.IsHardwareAccelerated ? GemmKernel512.Mr :
        Vector256.IsHardwareAccelerated ? GemmKernel256.Mr :
        Vector128.IsHardwareAccelerated ? GemmKernel128.Mr : GemmKernelScalar.Mr;

    public static int Nr =>
        Vector512.IsHardwareAccelerated ? GemmKernel512.Nr :
        Vector256.IsHardwareAccelerated ? GemmKernel256.Nr :
        Vector128.IsHardwareAccelerated ? GemmKernel128.Nr : GemmKernelScalar.Nr;

    /// <summary>
    /// How many threads a call is worth, into how many parts to split it, and along which dimension:
    /// the larger one, since each part re-packs all of the other operand. More parts than threads let
    /// a thread that the OS delays hand its share to the others, but each costs that re-packing: 1024³
    /// on 2 threads ran 2% slower in 4 parts of 256 rows than in 2 of 512 (about 0.2 ms per extra
    /// packing of B), so only parts of at least <see cref="GemmBlocking.MinPartLength"/> are split further.
    /// A B packed beforehand (<paramref name="packedB"/>) costs nothing to share, and each thread then reads all of it
    /// from its own cache; split by columns, the parts' halves of it moved between the cores from call to call (64 rows
    /// of the Fashion-MNIST network at 2 threads: 110 µs in one run against 84 packing per call; split by rows 68 against
    /// 83). So rows are split whenever there are two row tiles.
    /// </summary>
    public static int PlanThreads(int m, int n, int k, int maxThreads, out int parts, out bool splitRows, bool packedB = false)
    {
        splitRows = packedB ? m > Mr : m >= n;
        parts = 1;
        if (maxThreads < 2 || (long)m * n * k < GemmBlocking.ParallelThreshold) return 1;
        int tiles = splitRows ? (m + Mr - 1) / Mr : (n + Nr - 1) / Nr;
        int threads = Math.Min(Math.Min(maxThreads, ComputePool.Shared.MaxParallelism), tiles);
        // A whole number of parts per thread, so that on a quiet machine the threads finish together.
        int perThread = (splitRows ? m : n) / (GemmBlocking.MinPartLength * threads);
        parts = threads * Math.Clamp(perThread, 1, GemmBlocking.PartsPerThread);
        return threads;
    }

    public void Prepare(in GemmOperands op, bool splitRows, int parts)
    {
        _op = op;
        _splitRows = splitRows;
        _parts = parts;
    }

    public void Execute(int part)
    {
        if (_splitRows)
        {
            (int row0, int row1) = Range(_op.M, Mr, part);
            RunRectangle(_op, row0, row1, 0, _op.N);
        }
        else
        {
            (int col0, int col1) = Range(_op.N, Nr, part);
            RunRectangle(_op, 0, _op.M, col0, col1);
        }
    }

    /// <summary>Runs the blocked driver with the widest micro-kernel this machine accelerates.</summary>
    public static void RunRectangle(in GemmOperands op, int row0, int row1, int col0, int col1)
    {
        if (row0 >= row1 || col0 >= col1) return;
        if (Vector512.IsHardwareAccelerated) GemmDriver<GemmKernel512>.Run(op, row0, row1, col0, col1);
        else if (Vector256.IsHardwareAccelerated) GemmDriver<GemmKernel256>.Run(op, row0, row1, col0, col1);
        else if (Vector128.IsHardwareAccelerated) GemmDriver<GemmKernel128>.Run(op, row0, row1, col0, col1);
        else GemmDriver<GemmKernelScalar>.Run(op, row0, row1, col0, col1);
    }

    private (int Start, int End) Range(int length, int tile, int part)
    {
        int tiles = (length + tile - 1) / tile;
        int first = (int)((long)tiles * part / _parts);
        int last = (int)((long)tiles * (part + 1) / _parts);
        return (first * tile, Math.Min(last * tile, length));
    }
}
