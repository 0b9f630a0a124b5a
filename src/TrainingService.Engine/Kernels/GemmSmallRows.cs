using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// A few rows times a row-major matrix, <c>Y = X·W</c>, without packing: the serving path's single-row and
/// small-batch predictions, where <see cref="Gemm.Multiply"/> would copy all of W into panels and run a
/// micro-kernel mostly on padding. Each element is summed exactly as the packed GEMM sums it (a chain of
/// multiply-adds over each Kc block, in order, the blocks then added to the result), with the same
/// multiply-add the GEMM's micro-kernel uses, so the results equal <see cref="Gemm.Multiply"/>'s bit for bit.
/// W is read once per call whatever the row count: at these sizes streaming it is the cost.
/// </summary>
internal static class GemmSmallRows
{
    /// <summary>Most rows this path takes: the rows share each load of W, four rows' sums fill the registers.</summary>
    public const int MaxRows = 4;

    public static void Multiply(ReadOnlySpan<float> x, int rows, int k, ReadOnlySpan<float> w, int n, Span<float> y)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, MaxRows);
        if (x.Length < rows * k || w.Length < k * n || y.Length < rows * n)
            throw new ArgumentException($"[{rows}, {k}]·[{k}, {n}] needs {rows * k}, {k * n} and {rows * n} floats.");
        int kcBlock = GemmBlocking.Balanced(k, GemmBlocking.KcMax, 8);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float w0 = ref MemoryMarshal.GetReference(w);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        for (int pc = 0; pc < k; pc += kcBlock)
        {
            var block = new Block(ref Unsafe.Add(ref x0, pc), k, Math.Min(kcBlock, k - pc), ref Unsafe.Add(ref w0, pc * n), n, rows, pc > 0);
            int j = 0;
            // The GEMM runs its scalar micro-kernel only where no vector width is accelerated.
            if (Vector128.IsHardwareAccelerated)
            {
                // One row alone needs several column vectors in flight to hide the multiply-add latency.
                if (rows == 1)
                {
                    for (; j + 4 * Vector<float>.Count <= n; j += 4 * Vector<float>.Count)
                        FourVectorsOfOneRow(block, ref y0, j);
                }
                for (; j + Vector<float>.Count <= n; j += Vector<float>.Count)
                    VectorColumns(block, ref y0, j);
                for (; j < n; j++)
                    ColumnFused(block, ref y0, j);
            }
            else
            {
                for (; j < n; j++)
                    ColumnScalar(block, ref y0, j);
            }
        }
    }

    /// <summary>One Kc block: its slice of every row of X and its rows of W.</summary>
    private readonly ref struct Block(ref float x, int ldx, int kc, ref float w, int n, int rows, bool accumulate)
    {
        public readonly ref float X = ref x;
        public readonly int Ldx = ldx;
        public readonly int Kc = kc;
        public readonly ref float W = ref w;
        public readonly int N = n;
        public readonly int Rows = rows;
        public readonly bool Accumulate = accumulate;
    }

    private static void VectorColumns(in Block b, ref float y, int j)
    {
        // Rows beyond the batch repeat row 0 and are not stored: one loop body serves every row count.
        int last = b.Rows - 1;
        ref float x0 = ref b.X;
        ref float x1 = ref Unsafe.Add(ref b.X, Math.Min(1, last) * b.Ldx);
        ref float x2 = ref Unsafe.Add(ref b.X, Math.Min(2, last) * b.Ldx);
        ref float x3 = ref Unsafe.Add(ref b.X, Math.Min(3, last) * b.Ldx);
        Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
        ref float wj = ref Unsafe.Add(ref b.W, j);
        for (int p = 0; p < b.Kc; p++)
        {
            Vector<float> wp = Vector.LoadUnsafe(ref wj, (nuint)(p * b.N));
            a0 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref x0, p)), wp, a0);
            if (last == 0) continue;
            a1 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref x1, p)), wp, a1);
            a2 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref x2, p)), wp, a2);
            a3 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref x3, p)), wp, a3);
        }
        Store(a0, ref Unsafe.Add(ref y, j), b.Accumulate);
        if (last >= 1) Store(a1, ref Unsafe.Add(ref y, b.N + j), b.Accumulate);
        if (last >= 2) Store(a2, ref Unsafe.Add(ref y, 2 * b.N + j), b.Accumulate);
        if (last >= 3) Store(a3, ref Unsafe.Add(ref y, 3 * b.N + j), b.Accumulate);
    }

    private static void FourVectorsOfOneRow(in Block b, ref float y, int j)
    {
        int width = Vector<float>.Count;
        Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
        ref float wj = ref Unsafe.Add(ref b.W, j);
        for (int p = 0; p < b.Kc; p++)
        {
            var xp = new Vector<float>(Unsafe.Add(ref b.X, p));
            ref float wp = ref Unsafe.Add(ref wj, p * b.N);
            a0 = Vector.MultiplyAddEstimate(xp, Vector.LoadUnsafe(ref wp), a0);
            a1 = Vector.MultiplyAddEstimate(xp, Vector.LoadUnsafe(ref wp, (nuint)width), a1);
            a2 = Vector.MultiplyAddEstimate(xp, Vector.LoadUnsafe(ref wp, (nuint)(2 * width)), a2);
            a3 = Vector.MultiplyAddEstimate(xp, Vector.LoadUnsafe(ref wp, (nuint)(3 * width)), a3);
        }
        Store(a0, ref Unsafe.Add(ref y, j), b.Accumulate);
        Store(a1, ref Unsafe.Add(ref y, j + width), b.Accumulate);
        Store(a2, ref Unsafe.Add(ref y, j + 2 * width), b.Accumulate);
        Store(a3, ref Unsafe.Add(ref y, j + 3 * width), b.Accumulate);
    }

    private static void Store(Vector<float> sum, ref float y, bool accumulate)
    {
        if (accumulate) sum += Vector.LoadUnsafe(ref y);
        sum.StoreUnsafe(ref y);
    }

    private static void ColumnFused(in Block b, ref float y, int j)
    {
        for (int r = 0; r < b.Rows; r++)
        {
            ref float x = ref Unsafe.Add(ref b.X, r * b.Ldx);
            float a = 0;
            for (int p = 0; p < b.Kc; p++)
                a = float.MultiplyAddEstimate(Unsafe.Add(ref x, p), Unsafe.Add(ref b.W, p * b.N + j), a);
            ref float yj = ref Unsafe.Add(ref y, r * b.N + j);
            yj = b.Accumulate ? a + yj : a;
        }
    }

    private static void ColumnScalar(in Block b, ref float y, int j)
    {
        for (int r = 0; r < b.Rows; r++)
        {
            ref float x = ref Unsafe.Add(ref b.X, r * b.Ldx);
            float a = 0;
            for (int p = 0; p < b.Kc; p++)
                a += Unsafe.Add(ref x, p) * Unsafe.Add(ref b.W, p * b.N + j);
            ref float yj = ref Unsafe.Add(ref y, r * b.N + j);
            yj = b.Accumulate ? yj + a : a;
        }
    }
}
