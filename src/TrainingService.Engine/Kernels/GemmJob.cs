using System.Runtime.Intrinsics;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// One GEMM call split across pool threads, in one of two ways. Usually a fixed partition of C:
/// contiguous runs of whole micro-tiles along M or along N, a few per thread, which threads claim
/// as they go, each running the whole loop nest on its own and so re-packing the other operand.
/// For large products, one part per thread instead: the threads pack each B panel together, then
/// claim row strips to sweep across it (<see cref="GemmDriver{TKernel}.RunSharedPart"/>). Either way tile boundaries and
/// the Kc blocking do not depend on the split, so every element of C is summed in the same order
/// whichever thread computes it: results are bit-identical across runs and thread counts.
/// </summary>
internal sealed class GemmJob : IComputeJob
{
    [ThreadStatic]
    private static GemmJob? t_cached;

    private GemmOperands _op;
    private GemmPlan _plan;
    private GemmSharedPanels? _shared;

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
    /// How many threads a call is worth, and how to split it. Large products with enough rows share
    /// each packed B panel and hand out row strips (<see cref="GemmBlocking.SharedPanelThreshold"/>).
    /// Others split along the larger dimension, since each part re-packs all of the other operand.
    /// More parts than threads let a thread that the OS delays hand its share to the others, but each
    /// costs that re-packing, about 4/length of its compute for a part <c>length</c> rows or columns
    /// long: only parts of at least <see cref="GemmBlocking.MinPartLength"/> are split further.
    /// </summary>
    public static GemmPlan Plan(int m, int n, int k, int maxThreads)
    {
        var single = new GemmPlan(1, 1, true, false);
        long size = (long)m * n * k;
        int threads = Math.Min(maxThreads, ComputePool.Shared.MaxParallelism);
        if (threads < 2 || size < GemmBlocking.ParallelThreshold) return single;
        if (size >= GemmBlocking.SharedPanelThreshold && m >= GemmBlocking.MinPartLength * threads)
            return new(threads, threads, true, true);

        bool splitRows = m >= n;
        int tiles = splitRows ? (m + Mr - 1) / Mr : (n + Nr - 1) / Nr;
        threads = Math.Min(threads, tiles);
        if (threads < 2) return single;
        // A whole number of parts per thread, so that on a quiet machine the threads finish together.
        int perThread = (splitRows ? m : n) / (GemmBlocking.MinPartLength * threads);
        return new(threads, threads * Math.Clamp(perThread, 1, GemmBlocking.PartsPerThread), splitRows, false);
    }

    public void Prepare(in GemmOperands op, in GemmPlan plan)
    {
        _op = op;
        _plan = plan;
        if (plan.SharePanels) (_shared ??= new GemmSharedPanels()).Reset(plan.Parts);
    }

    /// <remarks>
    /// With shared panels the parts wait for each other at every block, so they must all run at once,
    /// each on its own thread: <see cref="ComputePool.TryRun"/> guarantees that when parts equal threads.
    /// </remarks>
    public void Execute(int part)
    {
        if (_plan.SharePanels)
        {
            RunSharedPart(_op, _shared!, part, _plan.Parts);
        }
        else if (_plan.SplitRows)
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

    private static void RunSharedPart(in GemmOperands op, GemmSharedPanels shared, int part, int parts)
    {
        if (Vector512.IsHardwareAccelerated) GemmDriver<GemmKernel512>.RunSharedPart(op, shared, part, parts);
        else if (Vector256.IsHardwareAccelerated) GemmDriver<GemmKernel256>.RunSharedPart(op, shared, part, parts);
        else if (Vector128.IsHardwareAccelerated) GemmDriver<GemmKernel128>.RunSharedPart(op, shared, part, parts);
        else GemmDriver<GemmKernelScalar>.RunSharedPart(op, shared, part, parts);
    }

    private (int Start, int End) Range(int length, int tile, int part)
    {
        int tiles = (length + tile - 1) / tile;
        int first = (int)((long)tiles * part / _plan.Parts);
        int last = (int)((long)tiles * (part + 1) / _plan.Parts);
        return (first * tile, Math.Min(last * tile, length));
    }
}
