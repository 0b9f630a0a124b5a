using System.Globalization;

namespace TrainingService.Bench.Csv;

/// <summary>Command-line options of the CSV parser benchmark.</summary>
internal sealed record CsvBenchOptions
{
    public const string Usage = "Usage: TrainingService.Bench.Csv [--data <dir>] [--csv <file>] [--rounds N]";

    public string DataDirectory { get; init; } = "/usr/share/datasets/fashion-mnist/";

    /// <summary>An existing CSV to read instead of writing Fashion-MNIST's to a temp directory.</summary>
    public string? CsvPath { get; init; }

    public int Rounds { get; init; } = 7;

    public static CsvBenchOptions Parse(string[] args)
    {
        var options = new CsvBenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help")
                throw new ArgumentException(Usage);
            if (i + 1 >= args.Length)
                throw new ArgumentException($"{name} needs a value. {Usage}");
            string value = args[++i];
            options = name switch
            {
                "--data" => options with { DataDirectory = value },
                "--csv" => options with { CsvPath = value },
                "--rounds" => options with { Rounds = PositiveInt(name, value) },
                _ => throw new ArgumentException($"Unknown option {name}. {Usage}"),
            };
        }

        return options;
    }

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer, not '{value}'.");
}
