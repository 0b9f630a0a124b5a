using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// 8×8 float transposes in AVX registers, for the packing routines whose source runs the other way
/// from the panel (untransposed A, transposed B): a scalar copy there costs about as much as the
/// multiply itself on the batch-128 training shapes.
/// </summary>
internal static unsafe class GemmTranspose
{
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>
    /// Writes the transpose of the 8×8 block at <paramref name="src"/> (rows <paramref name="srcStride"/>
    /// floats apart) to <paramref name="dst"/> (rows <paramref name="dstStride"/> apart). No alignment needed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose8x8(float* src, nint srcStride, float* dst, nint dstStride)
    {
        Vector256<float> t0 = Avx.UnpackLow(Avx.LoadVector256(src), Avx.LoadVector256(src + srcStride));
        Vector256<float> t1 = Avx.UnpackHigh(Avx.LoadVector256(src), Avx.LoadVector256(src + srcStride));
        Vector256<float> t2 = Avx.UnpackLow(Avx.LoadVector256(src + 2 * srcStride), Avx.LoadVector256(src + 3 * srcStride));
        Vector256<float> t3 = Avx.UnpackHigh(Avx.LoadVector256(src + 2 * srcStride), Avx.LoadVector256(src + 3 * srcStride));
        Vector256<float> t4 = Avx.UnpackLow(Avx.LoadVector256(src + 4 * srcStride), Avx.LoadVector256(src + 5 * srcStride));
        Vector256<float> t5 = Avx.UnpackHigh(Avx.LoadVector256(src + 4 * srcStride), Avx.LoadVector256(src + 5 * srcStride));
        Vector256<float> t6 = Avx.UnpackLow(Avx.LoadVector256(src + 6 * srcStride), Avx.LoadVector256(src + 7 * srcStride));
        Vector256<float> t7 = Avx.UnpackHigh(Avx.LoadVector256(src + 6 * srcStride), Avx.LoadVector256(src + 7 * srcStride));

        // Each s holds one column of rows 0-3 (low half: column c, high half: column c+4), or of rows 4-7.
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44);
        Vector256<float> s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44);
        Vector256<float> s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44);
        Vector256<float> s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44);
        Vector256<float> s7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(s3, s7, 0x31));
    }
}
