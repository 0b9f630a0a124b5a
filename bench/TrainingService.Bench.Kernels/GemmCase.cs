using TrainingService.Engine;
using TrainingService.Engine.Kernels;

namespace TrainingService.Bench.Kernels;

/// <summary>Operands for one <see cref="GemmShape"/>, allocated once, with tight leading dimensions.</summary>
public sealed class GemmCase
{
    private readonly float[] _a;
    private readonly float[] _b;
    private readonly float[] _c;
    private readonly int _lda;
    private readonly int _ldb;

    public GemmCase(GemmShape shape)
    {
        Shape = shape;
        _lda = shape.TransposeA ? shape.M : shape.K;
        _ldb = shape.TransposeB ? shape.K : shape.N;
        _a = Fill(shape.M * shape.K, 1);
        _b = Fill(shape.K * shape.N, 2);
        _c = new float[shape.M * shape.N];
    }

    public GemmShape Shape { get; }

    public void RunPeer(OpenBlasPeer peer, int threads) => peer.Multiply(Shape, _a, _lda, _b, _ldb, _c, threads);

    public void Run(int threads) =>
        Gemm.Multiply(Shape.TransposeA, Shape.TransposeB, Shape.M, Shape.N, Shape.K,
            _a, _lda, _b, _ldb, _c, Shape.N, 0f, threads);

    private static float[] Fill(int length, ulong seed)
    {
        var random = new SeededRandom(seed);
        var x = new float[length];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextSingle() - 0.5f;
        return x;
    }
}
