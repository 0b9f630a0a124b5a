using BenchmarkDotNet.Running;
using TrainingService.Bench.Kernels;

// --gemm-compare [--peer] [threads...]: quick median-GFLOPS table for bench/gemm/compare.sh;
// anything else goes to BenchmarkDotNet (e.g. --filter '*Gemm*').
if (args.Length > 0 && args[0] == "--gemm-compare")
{
    bool peer = args.Contains("--peer");
    int[] threads = args[1..].Where(a => a != "--peer").Select(int.Parse).ToArray();
    GemmCompare.Run(threads.Length > 0 ? threads : [1, 2], peer);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(args);
