using TrainingService.Engine;
using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Tests.Kernels;

/// <summary>Plain triple-loop GEMM accumulating in double, and the test matrices it is checked on.</summary>
internal static class GemmReference
{
    /// <summary>
    /// Row-major <c>rows×cols</c> matrix with leading dimension <paramref name="ld"/>, uniform in
    /// [-1, 1); the padding between rows is NaN so any read of it shows up in the result.
    /// </summary>
    public static float[] Random(int rows, int cols, int ld, ulong seed)
    {
        var random = new SeededRandom(seed);
        var x = new float[Math.Max(1, rows * ld)];
        Array.Fill(x, float.NaN);
        for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            x[i * ld + j] = 2f * random.NextSingle() - 1f;
        return x;
    }

    /// <summary>
    /// Expected <c>beta·C + op(A)·op(B)</c> in double, and for each element the bound on float rounding:
    /// a few ulps of the sum of magnitudes per term, which grows with k.
    /// </summary>
    public static (double[] Expected, double[] Tolerance) Multiply(
        bool transposeA, bool transposeB, int m, int n, int k,
        float[] a, int lda, float[] b, int ldb, float[] c, int ldc, float beta)
    {
        var expected = new double[m * n];
        var tolerance = new double[m * n];
        for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
        {
            double sum = beta == 0f ? 0 : beta * (double)c[i * ldc + j];
            double magnitude = Math.Abs(sum);
            for (int p = 0; p < k; p++)
            {
                double x = transposeA ? a[p * lda + i] : a[i * lda + p];
                double y = transposeB ? b[j * ldb + p] : b[p * ldb + j];
                sum += x * y;
                magnitude += Math.Abs(x * y);
            }

            expected[i * n + j] = sum;
            tolerance[i * n + j] = (k + 2) * 1.2e-7 * magnitude + 1e-30;
        }

        return (expected, tolerance);
    }

    /// <summary>
    /// Runs <see cref="Gemm.Multiply"/> on random operands with <paramref name="pad"/> extra floats per
    /// row (NaN, and C NaN throughout when beta is 0) and checks every element against
    /// <see cref="Multiply"/>, and that C's padding is untouched.
    /// </summary>
    public static void AssertMultiplyMatches(
        bool transposeA, bool transposeB, int m, int n, int k, int pad, float beta, int maxThreads, ulong seed)
    {
        int lda = (transposeA ? m : k) + pad;
        int ldb = (transposeB ? k : n) + pad;
        int ldc = n + pad;
        float[] a = Random(transposeA ? k : m, transposeA ? m : k, lda, seed);
        float[] b = Random(transposeB ? n : k, transposeB ? k : n, ldb, seed + 1);
        float[] c = beta == 0f ? NaNs(m * ldc) : Random(m, n, ldc, seed + 2);
        float[] original = (float[])c.Clone();
        (double[] expected, double[] tolerance) =
            Multiply(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, beta);

        Gemm.Multiply(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, beta, maxThreads);

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double error = Math.Abs(c[i * ldc + j] - expected[i * n + j]);
                if (!(error <= tolerance[i * n + j]))
                    Assert.Fail($"{m}x{n}x{k} tA={transposeA} tB={transposeB} beta={beta} threads={maxThreads}: " +
                        $"C[{i},{j}] = {c[i * ldc + j]}, expected {expected[i * n + j]} ± {tolerance[i * n + j]}");
            }

            for (int j = n; j < ldc && i * ldc + j < c.Length; j++)
                Assert.Equal(original[i * ldc + j], c[i * ldc + j]);
        }
    }

    private static float[] NaNs(int length)
    {
        var x = new float[length];
        Array.Fill(x, float.NaN);
        return x;
    }
}
