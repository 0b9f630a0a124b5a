using System.Globalization;

namespace TrainingService.Bench.FashionMnist;

/// <summary>Small measures the end-to-end training benches share (compiled into each, not copied).</summary>
internal static class BenchStats
{
    /// <summary>The median of <paramref name="values"/>; NaN when there are none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n == 0 ? double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>VmHWM of /proc/self/status: the process's peak resident set in MiB; NaN where there is no procfs.</summary>
    public static double PeakRssMegabytes()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
            return double.NaN;
        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        }
        return double.NaN;
    }
}
