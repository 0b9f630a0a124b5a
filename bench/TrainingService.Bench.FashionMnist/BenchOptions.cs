using System.Globalization;

namespace TrainingService.Bench.FashionMnist;

/// <summary>Command-line options of the Fashion-MNIST benchmark.</summary>
internal sealed record BenchOptions
{
    public string DataDirectory { get; init; } = "/usr/share/datasets/fashion-mnist/";

    public int Epochs { get; init; } = 10;

    public int Threads { get; init; } = Environment.ProcessorCount;

    public int BatchSize { get; init; } = 128;

    public ulong Seed { get; init; } = 1;

    /// <summary>Also print where the step's time goes (see <see cref="PhaseProfile"/>).</summary>
    public bool Profile { get; init; }

    public const string Usage =
        "Usage: TrainingService.Bench.FashionMnist [--data <dir>] [--epochs N] [--threads N] [--batch N] [--seed N] [--profile]";

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help")
                throw new ArgumentException(Usage);
            if (name == "--profile")
            {
                options = options with { Profile = true };
                continue;
            }
            if (i + 1 >= args.Length)
                throw new ArgumentException($"{name} needs a value. {Usage}");
            string value = args[++i];
            options = name switch
            {
                "--data" => options with { DataDirectory = value },
                "--epochs" => options with { Epochs = Positive(name, value) },
                "--threads" => options with { Threads = Positive(name, value) },
                "--batch" => options with { BatchSize = Positive(name, value) },
                "--seed" => options with { Seed = ulong.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {name}. {Usage}"),
            };
        }
        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer, got '{value}'.");
}
