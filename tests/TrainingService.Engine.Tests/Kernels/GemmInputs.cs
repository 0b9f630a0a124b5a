using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Tests.Kernels;

/// <summary>Fixed random operands of one GEMM form and shape, multiplied into a fresh C per run.</summary>
internal sealed class GemmInputs
{
    private readonly bool _transposeA, _transposeB;
    private readonly int _m, _n, _k, _lda, _ldb, _ldc;
    private readonly float[] _a, _b, _c;

    public GemmInputs(bool transposeA, bool transposeB, int m, int n, int k, int pad, ulong seed)
    {
        (_transposeA, _transposeB, _m, _n, _k) = (transposeA, transposeB, m, n, k);
        _lda = (transposeA ? m : k) + pad;
        _ldb = (transposeB ? k : n) + pad;
        _ldc = n + pad;
        _a = GemmReference.Random(transposeA ? k : m, transposeA ? m : k, _lda, seed);
        _b = GemmReference.Random(transposeB ? n : k, transposeB ? k : n, _ldb, seed + 1);
        _c = GemmReference.Random(m, n, _ldc, seed + 2); // beta = 1 below: C's old values count
    }

    public float[] Run(int maxThreads)
    {
        float[] c = (float[])_c.Clone();
        Gemm.Multiply(_transposeA, _transposeB, _m, _n, _k, _a, _lda, _b, _ldb, c, _ldc, 1f, maxThreads);
        return c;
    }
}
