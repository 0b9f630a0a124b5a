using TrainingService.Bench.Hosting;

namespace TrainingService.Bench.Csv;

/// <summary>Command-line options of the CSV parser benchmark.</summary>
internal sealed record CsvBenchOptions
{
    public const string Usage = "Usage: TrainingService.Bench.Csv [--data <dir>] [--csv <file>] [--rounds N]";

    public string DataDirectory { get; init; } = "/usr/share/datasets/fashion-mnist/";

    /// <summary>An existing CSV to read instead of writing Fashion-MNIST's to a temp directory.</summary>
    public string? CsvPath { get; init; }

    public int Rounds { get; init; } = 7;

    public static CsvBenchOptions Parse(string[] args) =>
        BenchArguments.Parse(args, new CsvBenchOptions(), Usage, (options, name, value) => name switch
        {
            "--data" => options with { DataDirectory = value },
            "--csv" => options with { CsvPath = value },
            "--rounds" => options with { Rounds = BenchArguments.Positive(name, value) },
            _ => null,
        });
}
