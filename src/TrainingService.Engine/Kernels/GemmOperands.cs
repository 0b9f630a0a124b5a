namespace TrainingService.Engine.Kernels;

/// <summary>
/// The operands of one <see cref="Gemm.Multiply"/> call as raw pointers, so the call can be handed to
/// pool threads without capturing spans. Valid only while <see cref="Gemm.Multiply"/> holds them pinned.
/// </summary>
internal readonly unsafe struct GemmOperands(
    bool transposeA, bool transposeB, int m, int n, int k,
    float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate, PackedMatrix? packedB = null)
{
    public readonly bool TransposeA = transposeA;
    public readonly bool TransposeB = transposeB;
    public readonly int M = m;
    public readonly int N = n;
    public readonly int K = k;
    public readonly float* A = a;
    public readonly int Lda = lda;
    public readonly float* B = b;
    public readonly int Ldb = ldb;
    public readonly float* C = c;
    public readonly int Ldc = ldc;

    /// <summary>Add to C's old contents (beta = 1, after any pre-scaling) instead of overwriting it.</summary>
    public readonly bool Accumulate = accumulate;

    /// <summary>B already packed (<see cref="PackedMatrix"/>); <see cref="B"/> is then unused.</summary>
    public readonly PackedMatrix? PackedB = packedB;
}
