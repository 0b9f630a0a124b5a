using System.Diagnostics;
using System.Globalization;

namespace TrainingService.Bench.Kernels;

/// <summary>
/// Quick mode for bench/gemm/compare.sh: median GFLOPS of Gemm.Multiply per target shape and thread
/// count, as tab-separated <c>shape, threads, gflops[, openblas gflops]</c> lines, timed the same way as
/// openblas_gemm.py. When libopenblas is installed its sgemm is timed in the same process, alternating
/// samples with ours, as a second, less load-sensitive peer column.
/// </summary>
public static class GemmCompare
{
    private const int Samples = 21;
    private const double SampleSeconds = 0.02;

    // OpenBLAS's OpenMP threads spin for a few milliseconds after each call before they sleep (libgomp's
    // GOMP_SPINCOUNT), so a sample of ours right after one of the peer's ran with a core taken: 7% less
    // on 1024³ at 2 threads. A pause before every sample lets the other side's threads go idle first.
    private const int SettleMilliseconds = 20;

    public static void Run(IReadOnlyList<int> threadCounts, bool withPeer)
    {
        OpenBlasPeer? peer = withPeer ? OpenBlasPeer.TryLoad() : null;
        if (peer is not null) Console.Error.WriteLine($"# OpenBLAS* kernel: {peer.CoreName}");
        foreach (GemmShape shape in GemmShape.Targets)
        {
            var gemm = new GemmCase(shape);
            foreach (int threads in threadCounts)
            {
                Action ours = () => gemm.Run(threads);
                Action? theirs = peer is null ? null : () => gemm.RunPeer(peer, threads);
                (double ourRate, double peerRate) = MedianGflops(shape, ours, theirs);
                string line = string.Create(CultureInfo.InvariantCulture, $"{shape.Name}\t{threads}\t{ourRate:F1}");
                if (theirs is not null) line += string.Create(CultureInfo.InvariantCulture, $"\t{peerRate:F1}");
                Console.WriteLine(line);
                ReportAllocations(shape, ours, threads);
            }
        }
    }

    // Process-wide, so pool threads count too: a steady-state call must allocate nothing anywhere.
    private static void ReportAllocations(GemmShape shape, Action ours, int threads)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < 50; i++) ours();
        long bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
        Console.Error.WriteLine($"# {shape.Name}, {threads} thread(s): {bytes} B allocated in 50 calls (whole process)");
    }

    // The JIT promotes a method called often to its optimized tier only after a delay (100 ms, restarted by every new
    // compilation), and a loop's on-stack replacement is not the final code either: samples taken too early measured
    // our kernel's first tiers (session 6: 1-thread rates ~10 % low). Half a second of calls runs past that.
    private const int WarmUpMilliseconds = 500;

    private static void WarmUp(Action run)
    {
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < WarmUpMilliseconds) run();
    }

    private static (double Ours, double Peer) MedianGflops(GemmShape shape, Action ours, Action? peer)
    {
        WarmUp(ours);
        if (peer is not null) WarmUp(peer);
        int ourCalls = Calibrate(ours);
        int peerCalls = peer is null ? 0 : Calibrate(peer);
        var ourRates = new double[Samples];
        var peerRates = new double[Samples];
        for (int s = 0; s < Samples; s++)
        {
            if (peer is not null) Thread.Sleep(SettleMilliseconds);
            ourRates[s] = Sample(shape, ours, ourCalls);
            if (peer is null) continue;
            Thread.Sleep(SettleMilliseconds);
            peerRates[s] = Sample(shape, peer, peerCalls);
        }

        Array.Sort(ourRates);
        Array.Sort(peerRates);
        int at = Environment.GetEnvironmentVariable("TS_BENCH_MAX") is null ? Samples / 2 : Samples - 1;
        return (ourRates[at], peerRates[at]);
    }

    // TS_BENCH_CPU=1 divides by the process's CPU time instead of wall time: GFLOPS per busy core, which
    // other processes' load barely moves. For tuning single-threaded code on a shared machine only.
    private static readonly bool CpuTime = Environment.GetEnvironmentVariable("TS_BENCH_CPU") is not null;

    private static double Sample(GemmShape shape, Action run, int calls)
    {
        TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++) run();
        double seconds = CpuTime
            ? (Environment.CpuUsage.TotalTime - cpuStart).TotalSeconds
            : Stopwatch.GetElapsedTime(start).TotalSeconds;
        return shape.Flops * calls / seconds / 1e9;
    }

    // Picks calls per sample of ~20 ms, then keeps running for ~0.3 s so that JIT tiering (whose
    // background compiles would count in CPU time), packing buffers and pool threads are all settled.
    private static int Calibrate(Action run)
    {
        int calls = 1;
        while (true)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++) run();
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (seconds >= SampleSeconds && calls >= 8) break;
            calls = seconds < SampleSeconds / 8 ? calls * 4 : calls * 2;
        }

        for (int i = 0; i < 15; i++)
        {
            for (int j = 0; j < calls; j++) run();
        }

        return calls;
    }
}
