namespace TrainingService.Engine.Kernels;

/// <summary>
/// A register-blocked GEMM micro-kernel: one <c>Mr×Nr</c> tile of C from packed panels.
/// Implementations are structs so the blocked driver is specialised (and inlined) per instruction set.
/// </summary>
internal interface IGemmMicroKernel
{
    /// <summary>Rows of C per tile (rows of a packed A micro-panel).</summary>
    static abstract int Mr { get; }

    /// <summary>Columns of C per tile (columns of a packed B micro-panel).</summary>
    static abstract int Nr { get; }

    /// <summary>
    /// <c>C[0..Mr, 0..Nr] = (accumulate ? C : 0) + Σp A[p]ᵀ·B[p]</c>, where <paramref name="a"/> holds
    /// <paramref name="kc"/> columns of <c>Mr</c> floats (<c>a[p*Mr + i]</c>) and <paramref name="b"/>
    /// <paramref name="kc"/> rows of <c>Nr</c> floats (<c>b[p*Nr + j]</c>), both zero-padded.
    /// C is row-major with row stride <paramref name="ldc"/> and must not overlap the panels.
    /// The sum over p is formed first and added to C once, so a tile's result never depends on
    /// how many threads computed the rest of C.
    /// </summary>
    static abstract unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, bool accumulate);

    /// <summary>Whether <see cref="RunHalfWidth"/> saves work over <see cref="Run"/>.</summary>
    static abstract bool HasHalfWidth { get; }

    /// <summary>
    /// <see cref="Run"/> for only the left <c>Nr/2</c> columns of the tile (B still packed <c>Nr</c> wide),
    /// bit-identical to them: for the last, narrow panel of widths like 784 = 24.5 × 32.
    /// </summary>
    static abstract unsafe void RunHalfWidth(int kc, float* a, float* b, float* c, nint ldc, bool accumulate);
}
