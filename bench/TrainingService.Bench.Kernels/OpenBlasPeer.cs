using System.Runtime.InteropServices;

namespace TrainingService.Bench.Kernels;

/// <summary>
/// OpenBLAS's cblas_sgemm loaded into this process, so --gemm-compare can alternate samples of ours
/// and the peer: on a shared machine that keeps both under the same load, which separate processes
/// run one after the other cannot promise. Absent (null) when libopenblas0 is not installed.
/// </summary>
public sealed unsafe class OpenBlasPeer
{
    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;

    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;
    private readonly delegate* unmanaged<int, void> _setThreads;
    private readonly delegate* unmanaged<byte*> _coreName;

    private OpenBlasPeer(nint library)
    {
        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)
            NativeLibrary.GetExport(library, "cblas_sgemm");
        _setThreads = (delegate* unmanaged<int, void>)NativeLibrary.GetExport(library, "openblas_set_num_threads");
        _coreName = (delegate* unmanaged<byte*>)NativeLibrary.GetExport(library, "openblas_get_corename");
    }

    /// <summary>The kernel OpenBLAS chose in this process (e.g. <c>Cooperlake</c>, or <c>Prescott</c> when it fell
    /// back to generic code), which bench/gemm/compare.sh checks before it prints a ratio.</summary>
    public string CoreName => Marshal.PtrToStringUTF8((nint)_coreName()) ?? "unknown";

    public static OpenBlasPeer? TryLoad() =>
        NativeLibrary.TryLoad("libopenblas.so.0", out nint library) ? new OpenBlasPeer(library) : null;

    public void Multiply(GemmShape shape, float[] a, int lda, float[] b, int ldb, float[] c, int threads)
    {
        _setThreads(threads);
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            _sgemm(RowMajor, shape.TransposeA ? Trans : NoTrans, shape.TransposeB ? Trans : NoTrans,
                shape.M, shape.N, shape.K, 1f, pa, lda, pb, ldb, 0f, pc, shape.N);
        }
    }
}
