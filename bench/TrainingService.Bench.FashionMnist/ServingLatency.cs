using System.Diagnostics;
using System.Globalization;
using TrainingService.Engine;
using TrainingService.Engine.Serialization;

namespace TrainingService.Bench.FashionMnist;

/// <summary>
/// Prediction latency for the serving sizes (one row and small batches): the median time of one
/// <see cref="Network.Predict"/> call over the first rows of the test split, per row count, after half a second of
/// calls: the JIT promotes a method called often only after a delay (100 ms, restarted by every new compilation), and
/// a short warm-up measures its unoptimized first tier (one row then took 50 µs instead of 14).
/// </summary>
internal static class ServingLatency
{
    public static readonly int[] RowCounts = [1, 16, 64, 256];

    private const int Calls = 400;

    /// <summary>
    /// <paramref name="trained"/> read back from its bytes and made a serving network (<see cref="Network.ServeOnly"/>),
    /// as the service's model cache keeps one.
    /// </summary>
    public static Network Served(Network trained)
    {
        Network served = NetworkSerializer.FromBytes(NetworkSerializer.ToBytes(trained), trained.MaxBatchSize, trained.MaxThreads);
        served.ServeOnly();
        return served;
    }

    /// <summary>Median microseconds per call for each of <see cref="RowCounts"/>.</summary>
    public static double[] Measure(Network network, float[] features)
    {
        var output = new float[RowCounts[^1] * network.OutputSize];
        var medians = new double[RowCounts.Length];
        var times = new double[Calls];
        for (int c = 0; c < RowCounts.Length; c++)
        {
            int rows = RowCounts[c];
            long warm = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(warm).TotalMilliseconds < 500) network.Predict(features, rows, output);
            for (int i = 0; i < Calls; i++)
            {
                long start = Stopwatch.GetTimestamp();
                network.Predict(features, rows, output);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
            Array.Sort(times);
            medians[c] = times[Calls / 2];
        }
        return medians;
    }

    /// <summary>The summary line's form: <c>1:13.9,16:30.2,…</c>.</summary>
    public static string Format(double[] medians) =>
        string.Join(',', RowCounts.Select((rows, i) => string.Create(CultureInfo.InvariantCulture, $"{rows}:{medians[i]:F1}")));
}
