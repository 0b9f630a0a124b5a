namespace TrainingService.Engine.Kernels;

/// <summary>
/// Single-precision general matrix multiply on row-major matrices:
/// <c>C[m,n] = beta·C + op(A)[m,k] · op(B)[k,n]</c>, where <c>op(X)</c> is X or its transpose.
/// A is <c>[m,k]</c> (or <c>[k,m]</c> when transposed), B is <c>[k,n]</c> (or <c>[n,k]</c>), leading
/// dimensions are the row lengths as stored. C must not alias A or B. <paramref name="beta"/> is 0
/// (overwrite, C's old contents ignored, even NaN) or 1 (accumulate).
/// </summary>
public static class Gemm
{
    public static void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, float beta = 0f, int maxThreads = 1)
    {
        // REVIEW: placeholder loop so the rest of the engine can be built and tested against it;
        // the packed, blocked, vectorized, multithreaded kernel replaces it (engine performance issue).
        for (int i = 0; i < m; i++)
        {
            Span<float> cRow = c.Slice(i * ldc, n);
            if (beta == 0f) cRow.Clear();
            for (int p = 0; p < k; p++)
            {
                float aip = transposeA ? a[p * lda + i] : a[i * lda + p];
                for (int j = 0; j < n; j++)
                    cRow[j] += aip * (transposeB ? b[j * ldb + p] : b[p * ldb + j]);
            }
        }
    }
}
