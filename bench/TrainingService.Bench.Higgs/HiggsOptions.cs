using System.Globalization;

namespace TrainingService.Bench.Higgs;

/// <summary>Command-line options of the HIGGS-shaped benchmark.</summary>
internal sealed record HiggsOptions
{
    /// <summary>The synthetic data file: read when it exists (and matches seed and sizes), else generated and written.</summary>
    public string? DataFile { get; init; }

    public int Rows { get; init; } = 1_000_000;

    public int ValidationRows { get; init; } = 100_000;

    public int Epochs { get; init; } = 3;

    public int Threads { get; init; } = Environment.ProcessorCount;

    public int BatchSize { get; init; } = 100;

    /// <summary>Seeds the data (the teacher net, the rows and the noise), the weights and the shuffling.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Only make sure the data file exists (generate and write it), train nothing.</summary>
    public bool WriteOnly { get; init; }

    /// <summary>Also print where the step's time goes (see <c>PhaseProfile</c>), over the first 100,000 rows.</summary>
    public bool Profile { get; init; }

    public const string Usage =
        "Usage: TrainingService.Bench.Higgs [--data-file <path>] [--write-only] [--rows N] [--validation-rows N] [--epochs N] [--threads N] [--batch N] [--seed N] [--profile]";

    public static HiggsOptions Parse(string[] args)
    {
        var options = new HiggsOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help")
                throw new ArgumentException(Usage);
            if (name is "--profile" or "--write-only")
            {
                options = name == "--profile" ? options with { Profile = true } : options with { WriteOnly = true };
                continue;
            }
            if (i + 1 >= args.Length)
                throw new ArgumentException($"{name} needs a value. {Usage}");
            string value = args[++i];
            options = name switch
            {
                "--data-file" => options with { DataFile = value },
                "--rows" => options with { Rows = Positive(name, value) },
                "--validation-rows" => options with { ValidationRows = Positive(name, value) },
                "--epochs" => options with { Epochs = Positive(name, value) },
                "--threads" => options with { Threads = Positive(name, value) },
                "--batch" => options with { BatchSize = Positive(name, value) },
                "--seed" => options with { Seed = ulong.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {name}. {Usage}"),
            };
        }
        if (options.WriteOnly && options.DataFile is null)
            throw new ArgumentException($"--write-only needs --data-file. {Usage}");
        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer, got '{value}'.");
}
