using System.Globalization;
using TrainingService.Bench.Hosting;

namespace TrainingService.Bench.Service;

/// <summary>Command-line options of the service benchmark.</summary>
internal sealed record ServiceBenchOptions
{
    public const string PostgresVariable = "TRAININGSERVICE_TEST_POSTGRES";

    public string DataDirectory { get; init; } = "/usr/share/datasets/fashion-mnist/";

    public int Uploads { get; init; } = 3;

    public int Epochs { get; init; } = 5;

    /// <summary>Only the upload vs COPY rounds: no training job, engine runs or prediction latency.</summary>
    public bool ImportOnly { get; init; }

    public int Threads { get; init; } = 1;

    public int BatchSize { get; init; } = 128;

    public long Seed { get; init; } = 1;

    /// <summary>A server where the bench may create and drop a database; <see cref="PostgresVariable"/> when not given.</summary>
    public string? Postgres { get; init; } = Environment.GetEnvironmentVariable(PostgresVariable);

    /// <summary>TrainingService.Api.dll to start; by default the build next to this bench's, same configuration.</summary>
    public string? ApiPath { get; init; }

    /// <summary>
    /// Another build's TrainingService.Api.dll (e.g. main's) to serve the same model in the prediction phase, in the
    /// same alternating rounds: before and after side by side.
    /// </summary>
    public string? BaselineApiPath { get; init; }

    public const string Usage =
        "Usage: TrainingService.Bench.Service [--postgres <connection string>] [--data <dir>] [--uploads N] [--only import] [--epochs N] [--threads N] [--batch N] [--seed N] [--api <TrainingService.Api.dll>] [--baseline-api <another build's TrainingService.Api.dll>]";

    public static ServiceBenchOptions Parse(string[] args)
    {
        var options = BenchArguments.Parse(args, new ServiceBenchOptions(), Usage, (options, name, value) => name switch
        {
            "--postgres" => options with { Postgres = value },
            "--data" => options with { DataDirectory = value },
            "--uploads" => options with { Uploads = BenchArguments.Positive(name, value) },
            "--only" when value == "import" => options with { ImportOnly = true },
            "--epochs" => options with { Epochs = BenchArguments.Positive(name, value) },
            "--threads" => options with { Threads = BenchArguments.Positive(name, value) },
            "--batch" => options with { BatchSize = BenchArguments.Positive(name, value) },
            "--seed" => options with { Seed = long.Parse(value, CultureInfo.InvariantCulture) },
            "--api" => options with { ApiPath = value },
            "--baseline-api" => options with { BaselineApiPath = value },
            _ => null,
        });
        if (string.IsNullOrWhiteSpace(options.Postgres))
            throw new ArgumentException(
                $"No PostgreSQL: pass --postgres or set {PostgresVariable} (`bash .ci/start-postgres.sh` starts a local server and prints its connection string). {Usage}");
        return options;
    }
}
