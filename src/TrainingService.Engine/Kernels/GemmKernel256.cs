using System.Runtime.Intrinsics;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// 6×16 micro-kernel on <see cref="Vector256{T}"/> (AVX2): 12 accumulators, two B vectors and one
/// broadcast fill the 16 vector registers those instruction sets have.
/// </summary>
internal readonly struct GemmKernel256 : IGemmMicroKernel
{
    public static int Mr => 6;

    public static int Nr => 16;

    public static unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> ai = Vector256.Create(a[0]);
            c00 = Vector256.MultiplyAddEstimate(ai, b0, c00);
            c01 = Vector256.MultiplyAddEstimate(ai, b1, c01);
            ai = Vector256.Create(a[1]);
            c10 = Vector256.MultiplyAddEstimate(ai, b0, c10);
            c11 = Vector256.MultiplyAddEstimate(ai, b1, c11);
            ai = Vector256.Create(a[2]);
            c20 = Vector256.MultiplyAddEstimate(ai, b0, c20);
            c21 = Vector256.MultiplyAddEstimate(ai, b1, c21);
            ai = Vector256.Create(a[3]);
            c30 = Vector256.MultiplyAddEstimate(ai, b0, c30);
            c31 = Vector256.MultiplyAddEstimate(ai, b1, c31);
            ai = Vector256.Create(a[4]);
            c40 = Vector256.MultiplyAddEstimate(ai, b0, c40);
            c41 = Vector256.MultiplyAddEstimate(ai, b1, c41);
            ai = Vector256.Create(a[5]);
            c50 = Vector256.MultiplyAddEstimate(ai, b0, c50);
            c51 = Vector256.MultiplyAddEstimate(ai, b1, c51);
            a += 6;
            b += 16;
        }

        StoreRow(c, accumulate, c00, c01);
        StoreRow(c + ldc, accumulate, c10, c11);
        StoreRow(c + 2 * ldc, accumulate, c20, c21);
        StoreRow(c + 3 * ldc, accumulate, c30, c31);
        StoreRow(c + 4 * ldc, accumulate, c40, c41);
        StoreRow(c + 5 * ldc, accumulate, c50, c51);
    }

    public static bool HasHalfWidth => false;

    public static unsafe void RunHalfWidth(int kc, float* a, float* b, float* c, nint ldc, bool accumulate) =>
        Run(kc, a, b, c, ldc, accumulate);

    private static unsafe void StoreRow(float* row, bool accumulate, Vector256<float> v0, Vector256<float> v1)
    {
        if (accumulate)
        {
            v0 += Vector256.Load(row);
            v1 += Vector256.Load(row + 8);
        }

        v0.Store(row);
        v1.Store(row + 8);
    }
}
