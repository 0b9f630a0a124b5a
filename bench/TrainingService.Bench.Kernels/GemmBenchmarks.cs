using BenchmarkDotNet.Attributes;

namespace TrainingService.Bench.Kernels;

/// <summary>Gemm.Multiply on the engine's training shapes at 1 and 2 threads; allocations must read 0 B.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private GemmCase _case = null!;

    public static IEnumerable<GemmShape> Shapes => GemmShape.Targets;

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = GemmShape.Targets[0];

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => _case = new GemmCase(Shape);

    [Benchmark]
    public void Multiply() => _case.Run(Threads);
}
