namespace TrainingService.Bench.Kernels;

/// <summary>
/// One GEMM form and size, named <c>NN 128x256x784</c>: op(A) and op(B) transposed (T) or not (N),
/// then m×n×k. bench/gemm/openblas_gemm.py prints the same names so the two join into one table.
/// </summary>
public sealed record GemmShape(bool TransposeA, bool TransposeB, int M, int N, int K)
{
    /// <summary>The engine's MLP 784-256-128-10 at batch 128, and a large square reference.</summary>
    public static IReadOnlyList<GemmShape> Targets { get; } =
    [
        new(false, false, 128, 256, 784), // forward X·W, first layer
        new(false, false, 128, 128, 256), // forward H·W, second layer
        new(true, false, 784, 256, 128),  // weight gradient Xᵀ·dY, first layer
        new(false, true, 128, 784, 256),  // input gradient dY·Wᵀ into the first layer's input
        new(false, false, 1024, 1024, 1024),
    ];

    public double Flops => 2.0 * M * N * K;

    public string Name => $"{(TransposeA ? 'T' : 'N')}{(TransposeB ? 'T' : 'N')} {M}x{N}x{K}";

    public override string ToString() => Name;
}
