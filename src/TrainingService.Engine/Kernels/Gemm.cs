using System.Numerics.Tensors;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// Single-precision general matrix multiply on row-major matrices:
/// <c>C[m,n] = beta·C + op(A)[m,k] · op(B)[k,n]</c>, where <c>op(X)</c> is X or its transpose.
/// A is <c>[m,k]</c> (or <c>[k,m]</c> when transposed), B is <c>[k,n]</c> (or <c>[n,k]</c>), leading
/// dimensions are the row lengths as stored. C must not alias A or B. <c>beta</c> is 0
/// (overwrite, C's old contents ignored, even NaN) or 1 (accumulate).
/// </summary>
public static class Gemm
{
    /// <summary>
    /// Computes <c>C = beta·C + op(A)·op(B)</c> with packed panels, cache blocking and a register-blocked
    /// SIMD micro-kernel (the widest of Vector512/256/128 this machine accelerates, else scalar).
    /// </summary>
    /// <param name="transposeA">op(A) = Aᵀ: A is stored <c>[k, lda]</c> instead of <c>[m, lda]</c>.</param>
    /// <param name="transposeB">op(B) = Bᵀ: B is stored <c>[n, ldb]</c> instead of <c>[k, ldb]</c>.</param>
    /// <param name="m">Rows of C and of op(A).</param>
    /// <param name="n">Columns of C and of op(B).</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="a">A, row-major; only the first <c>m</c> (or <c>k</c>) columns of each row are read.</param>
    /// <param name="lda">Row stride of A as stored, at least its row length.</param>
    /// <param name="b">B, row-major.</param>
    /// <param name="ldb">Row stride of B as stored, at least its row length.</param>
    /// <param name="c">C <c>[m, ldc]</c>, row-major; columns past <c>n</c> are left untouched. Must not overlap A or B.</param>
    /// <param name="ldc">Row stride of C, at least <c>n</c>.</param>
    /// <param name="beta">0 overwrites C (old contents, even NaN, are never read); 1 accumulates into C.
    /// Other values scale C first.</param>
    /// <param name="maxThreads">Most threads to use, the caller's included; 1 never uses another thread.
    /// For given inputs the result is bit-identical whatever the value.</param>
    public static unsafe void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, float beta = 0f, int maxThreads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        CheckOperand(a, transposeA ? k : m, transposeA ? m : k, lda, nameof(a));
        CheckOperand(b, transposeB ? n : k, transposeB ? k : n, ldb, nameof(b));
        CheckOperand(c, m, n, ldc, nameof(c));
        if (m == 0 || n == 0) return;

        if (beta != 0f && beta != 1f) ScaleRows(c, m, n, ldc, beta);
        if (k == 0)
        {
            if (beta == 0f) ClearRows(c, m, n, ldc);
            return;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var op = new GemmOperands(transposeA, transposeB, m, n, k, pa, lda, pb, ldb, pc, ldc, beta != 0f);
            Run(op, maxThreads);
        }
    }

    /// <summary>
    /// Computes <c>C = A·B</c> (<c>[m, k]·[k, n]</c>, neither transposed) with B packed beforehand, so the call
    /// packs only A: for a B that many calls share, such as a trained model's weights. Bit-identical to
    /// <see cref="Multiply"/> on the unpacked B, whatever <paramref name="maxThreads"/>.
    /// </summary>
    public static unsafe void MultiplyPacked(int m, ReadOnlySpan<float> a, int lda, PackedMatrix b, Span<float> c, int ldc, int maxThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        CheckOperand(a, m, b.K, lda, nameof(a));
        CheckOperand(c, m, b.N, ldc, nameof(c));
        if (m == 0) return;

        fixed (float* pa = a)
        fixed (float* pc = c)
        {
            var op = new GemmOperands(false, false, m, b.N, b.K, pa, lda, null, b.N, pc, ldc, false, b);
            Run(op, maxThreads);
        }
    }

    private static void Run(in GemmOperands op, int maxThreads)
    {
        int threads = GemmJob.PlanThreads(op.M, op.N, op.K, maxThreads, out int parts, out bool splitRows, op.PackedB is not null);
        if (threads > 1)
        {
            GemmJob job = GemmJob.ForCurrentThread;
            job.Prepare(op, splitRows, parts);
            if (ComputePool.Shared.TryRun(job, parts, threads)) return;
        }

        GemmJob.RunRectangle(op, 0, op.M, 0, op.N);
    }

    private static void CheckOperand(ReadOnlySpan<float> x, int rows, int cols, int ld, string name)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentOutOfRangeException(name, $"Leading dimension {ld} is less than the row length {cols}.");
        long needed = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (x.Length < needed)
            throw new ArgumentException($"{name} holds {x.Length} floats; a [{rows}, {cols}] matrix with leading dimension {ld} needs {needed}.", name);
    }

    private static void ScaleRows(Span<float> c, int m, int n, int ldc, float beta)
    {
        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Slice(i * ldc, n);
            TensorPrimitives.Multiply(row, beta, row);
        }
    }

    private static void ClearRows(Span<float> c, int m, int n, int ldc)
    {
        for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
    }
}
