using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, zero-padded layouts the micro-kernels read,
/// absorbing the transposes so that one kernel serves all four forms.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Rows <c>[i0, i0+rows)</c> × columns <c>[p0, p0+kc)</c> of op(A) into <c>dst[p*mr + i]</c>,
    /// rows past <paramref name="rows"/> zeroed so edge tiles run the full kernel.
    /// </summary>
    public static void PackA(in GemmOperands op, int i0, int rows, int p0, int kc, int mr, float* dst)
    {
        if (op.TransposeA)
        {
            // op(A)[i,p] = A[p, i]: each packed column is a contiguous run of A.
            float* src = op.A + (nint)p0 * op.Lda + i0;
            for (int p = 0; p < kc; p++, src += op.Lda, dst += mr)
            {
                CopyPadded(src, dst, rows, mr);
            }

            return;
        }

        // op(A)[i,p] = A[i, p]: rows of A become columns of the panel.
        int done = 0;
        if (mr == 8 && rows == 8 && GemmTranspose.IsSupported)
        {
            float* src = op.A + (nint)i0 * op.Lda + p0;
            for (; done + 8 <= kc; done += 8) GemmTranspose.Transpose8x8(src + done, op.Lda, dst + done * 8, 8);
        }

        for (int i = 0; i < rows; i++)
        {
            float* src = op.A + (nint)(i0 + i) * op.Lda + p0;
            float* d = dst + (nint)done * mr + i;
            for (int p = done; p < kc; p++, d += mr) *d = src[p];
        }

        for (int i = rows; i < mr; i++)
        {
            float* d = dst + i;
            for (int p = 0; p < kc; p++, d += mr) *d = 0f;
        }
    }

    /// <summary>
    /// Rows <c>[p0, p0+kc)</c> × columns <c>[j0, j0+cols)</c> of op(B) into micro-panels of
    /// <paramref name="nr"/> columns, panel q at <c>dst + q*kc*nr</c> holding <c>[p*nr + j]</c>;
    /// the last panel's missing columns are zeroed.
    /// </summary>
    public static void PackB(in GemmOperands op, int p0, int kc, int j0, int cols, int nr, float* dst)
    {
        if (op.TransposeB)
        {
            PackBTransposed(op, p0, kc, j0, cols, nr, dst);
            return;
        }

        float* srcRow = op.B + (nint)p0 * op.Ldb + j0;
        nint panelStride = (nint)kc * nr;
        for (int p = 0; p < kc; p++, srcRow += op.Ldb)
        {
            float* d = dst + (nint)p * nr;
            for (int j = 0; j < cols; j += nr, d += panelStride)
            {
                CopyPadded(srcRow + j, d, Math.Min(nr, cols - j), nr);
            }
        }
    }

    /// <summary>
    /// <paramref name="count"/> floats, then zeros up to <paramref name="width"/>. Runs are a few dozen
    /// floats, too short for a Memmove call to pay off, and the panels need the zeros anyway.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyPadded(float* src, float* dst, int count, int width)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8) Vector256.Store(Vector256.Load(src + i), dst + i);
        }

        for (; i < count; i++) dst[i] = src[i];
        for (; i < width; i++) dst[i] = 0f;
    }

    private static void PackBTransposed(in GemmOperands op, int p0, int kc, int j0, int cols, int nr, float* dst)
    {
        // op(B)[p,j] = B[j, p]: each stored row of B becomes one column of a micro-panel.
        int paddedCols = (cols + nr - 1) / nr * nr;
        bool blocked = nr % 8 == 0 && GemmTranspose.IsSupported;
        for (int j = 0; j < paddedCols; j++)
        {
            float* d = dst + (nint)(j / nr) * kc * nr + j % nr;
            if (j >= cols)
            {
                for (int p = 0; p < kc; p++, d += nr) *d = 0f;
                continue;
            }

            float* src = op.B + (nint)(j0 + j) * op.Ldb + p0;
            int p0Scalar = 0;
            if (blocked && j % 8 == 0 && j + 8 <= cols)
            {
                // Eight whole columns: transpose 8×8 blocks, then finish the last kc % 8 rows below.
                for (; p0Scalar + 8 <= kc; p0Scalar += 8)
                    GemmTranspose.Transpose8x8(src + p0Scalar, op.Ldb, d + (nint)p0Scalar * nr, nr);
                for (int jj = 0; jj < 8; jj++, src += op.Ldb)
                {
                    float* dd = d + jj + (nint)p0Scalar * nr;
                    for (int p = p0Scalar; p < kc; p++, dd += nr) *dd = src[p];
                }

                j += 7;
                continue;
            }

            for (int p = 0; p < kc; p++, d += nr) *d = src[p];
        }
    }
}
