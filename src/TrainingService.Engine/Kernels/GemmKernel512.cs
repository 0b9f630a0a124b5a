using System.Runtime.Intrinsics;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// 8×32 micro-kernel on <see cref="Vector512{T}"/> (AVX-512): 16 accumulators and two B vectors
/// stay in the 32 vector registers, A broadcast from the packed panel. 8 rows rather than the 12 or 14
/// the registers would allow: the training shapes' row counts (batch 128, 784 inputs, 1024) are multiples
/// of 8, so they never run an edge tile, and an 8-row A panel packs with 8×8 AVX transposes.
/// </summary>
internal readonly struct GemmKernel512 : IGemmMicroKernel
{
    public static int Mr => 8;

    public static int Nr => 32;

    public static unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            // Each broadcast in a register of its own, used by both FMAs: folded into each FMA as a memory operand
            // (the JIT's choice for a single-use broadcast) it made 18 loads per 16 FMAs instead of 10.
            Vector512<float> a0 = Vector512.Create(a[0]), a1 = Vector512.Create(a[1]);
            Vector512<float> a2 = Vector512.Create(a[2]), a3 = Vector512.Create(a[3]);
            Vector512<float> a4 = Vector512.Create(a[4]), a5 = Vector512.Create(a[5]);
            Vector512<float> a6 = Vector512.Create(a[6]), a7 = Vector512.Create(a[7]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            a += 8;
            b += 32;
        }

        StoreRow(c, accumulate, c00, c01);
        StoreRow(c + ldc, accumulate, c10, c11);
        StoreRow(c + 2 * ldc, accumulate, c20, c21);
        StoreRow(c + 3 * ldc, accumulate, c30, c31);
        StoreRow(c + 4 * ldc, accumulate, c40, c41);
        StoreRow(c + 5 * ldc, accumulate, c50, c51);
        StoreRow(c + 6 * ldc, accumulate, c60, c61);
        StoreRow(c + 7 * ldc, accumulate, c70, c71);
    }

    public static bool HasHalfWidth => true;

    public static unsafe void RunHalfWidth(int kc, float* a, float* b, float* c, nint ldc, bool accumulate)
    {
        // The left 16 columns of Run, summed by the same FMA sequence, so the results match it bit for bit.
        Vector512<float> c00 = default;
        Vector512<float> c10 = default;
        Vector512<float> c20 = default;
        Vector512<float> c30 = default;
        Vector512<float> c40 = default;
        Vector512<float> c50 = default;
        Vector512<float> c60 = default;
        Vector512<float> c70 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            c00 = Vector512.FusedMultiplyAdd(Vector512.Create(a[0]), b0, c00);
            c10 = Vector512.FusedMultiplyAdd(Vector512.Create(a[1]), b0, c10);
            c20 = Vector512.FusedMultiplyAdd(Vector512.Create(a[2]), b0, c20);
            c30 = Vector512.FusedMultiplyAdd(Vector512.Create(a[3]), b0, c30);
            c40 = Vector512.FusedMultiplyAdd(Vector512.Create(a[4]), b0, c40);
            c50 = Vector512.FusedMultiplyAdd(Vector512.Create(a[5]), b0, c50);
            c60 = Vector512.FusedMultiplyAdd(Vector512.Create(a[6]), b0, c60);
            c70 = Vector512.FusedMultiplyAdd(Vector512.Create(a[7]), b0, c70);
            a += 8;
            b += 32;
        }

        (accumulate ? c00 + Vector512.Load(c) : c00).Store(c);
        (accumulate ? c10 + Vector512.Load(c + ldc) : c10).Store(c + ldc);
        (accumulate ? c20 + Vector512.Load(c + 2 * ldc) : c20).Store(c + 2 * ldc);
        (accumulate ? c30 + Vector512.Load(c + 3 * ldc) : c30).Store(c + 3 * ldc);
        (accumulate ? c40 + Vector512.Load(c + 4 * ldc) : c40).Store(c + 4 * ldc);
        (accumulate ? c50 + Vector512.Load(c + 5 * ldc) : c50).Store(c + 5 * ldc);
        (accumulate ? c60 + Vector512.Load(c + 6 * ldc) : c60).Store(c + 6 * ldc);
        (accumulate ? c70 + Vector512.Load(c + 7 * ldc) : c70).Store(c + 7 * ldc);
    }

    private static unsafe void StoreRow(float* row, bool accumulate, Vector512<float> v0, Vector512<float> v1)
    {
        if (accumulate)
        {
            v0 += Vector512.Load(row);
            v1 += Vector512.Load(row + 16);
        }

        v0.Store(row);
        v1.Store(row + 16);
    }
}
