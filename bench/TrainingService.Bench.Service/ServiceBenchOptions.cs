using System.Globalization;

namespace TrainingService.Bench.Service;

/// <summary>Command-line options of the service benchmark.</summary>
internal sealed record ServiceBenchOptions
{
    public const string PostgresVariable = "TRAININGSERVICE_TEST_POSTGRES";

    public string DataDirectory { get; init; } = "/usr/share/datasets/fashion-mnist/";

    public int Uploads { get; init; } = 3;

    public int Epochs { get; init; } = 5;

    public int Threads { get; init; } = 1;

    public int BatchSize { get; init; } = 128;

    public long Seed { get; init; } = 1;

    /// <summary>A server where the bench may create and drop a database; <see cref="PostgresVariable"/> when not given.</summary>
    public string? Postgres { get; init; } = Environment.GetEnvironmentVariable(PostgresVariable);

    /// <summary>TrainingService.Api.dll to start; by default the build next to this bench's, same configuration.</summary>
    public string? ApiPath { get; init; }

    public const string Usage =
        "Usage: TrainingService.Bench.Service [--postgres <connection string>] [--data <dir>] [--uploads N] [--epochs N] [--threads N] [--batch N] [--seed N] [--api <TrainingService.Api.dll>]";

    public static ServiceBenchOptions Parse(string[] args)
    {
        var options = new ServiceBenchOptions();
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
                "--postgres" => options with { Postgres = value },
                "--data" => options with { DataDirectory = value },
                "--uploads" => options with { Uploads = Positive(name, value) },
                "--epochs" => options with { Epochs = Positive(name, value) },
                "--threads" => options with { Threads = Positive(name, value) },
                "--batch" => options with { BatchSize = Positive(name, value) },
                "--seed" => options with { Seed = long.Parse(value, CultureInfo.InvariantCulture) },
                "--api" => options with { ApiPath = value },
                _ => throw new ArgumentException($"Unknown option {name}. {Usage}"),
            };
        }
        if (string.IsNullOrWhiteSpace(options.Postgres))
            throw new ArgumentException(
                $"No PostgreSQL: pass --postgres or set {PostgresVariable} (`bash .ci/start-postgres.sh` starts a local server and prints its connection string). {Usage}");
        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer, got '{value}'.");
}
