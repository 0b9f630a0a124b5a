namespace TrainingService.Bench.Service;

/// <summary>The CPU a run measured on, as <c>lscpu</c> names it: figures from different machine kinds differ.</summary>
public static class CpuModel
{
    public static string Name { get; } = Read();

    private static string Read()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            string? model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model\t", StringComparison.Ordinal));
            string name = line?[(line.IndexOf(':') + 1)..].Trim() ?? "unknown CPU";
            return model is null ? name : $"{name} (model {model[(model.IndexOf(':') + 1)..].Trim()})";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
