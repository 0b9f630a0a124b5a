using System.Globalization;
using TrainingService.Bench.Hosting;

namespace TrainingService.Bench.Tuning;

/// <summary>Command-line options of the tuning benchmark (one dataset, one or more pruning variants, one service).</summary>
internal sealed record TuningBenchOptions
{
    public const string PostgresVariable = "TRAININGSERVICE_TEST_POSTGRES";

    /// <summary>Where <c>DATASET-train.csv</c> and <c>DATASET-validation.csv</c> are (written by <c>bench/tuning/tuning_peers.py data</c>).</summary>
    public string DataDirectory { get; init; } = "";

    public string Dataset { get; init; } = "digits";

    public int Epochs { get; init; } = 30;

    public int Trials { get; init; } = 16;

    /// <summary>Trials at once: the tuning job's <c>maxParallel</c> and the Worker's job count (one engine thread each).</summary>
    public int Parallel { get; init; } = 2;

    public long Seed { get; init; } = 1;

    /// <summary>Pruning variants run one after the other on the same service: <c>off</c>, <c>median</c>.</summary>
    public IReadOnlyList<string> Pruning { get; init; } = ["off"];

    /// <summary>Hangfire's queue poll interval for the service, or null for the service's default.</summary>
    public int? QueuePollSeconds { get; init; }

    /// <summary>Whether a short unreported search runs first (<c>--warm-up false</c> measures a cold service).</summary>
    public bool WarmUp { get; init; } = true;

    /// <summary>Echoed in the summary lines, for the compare script's rounds.</summary>
    public int Round { get; init; } = 1;

    public string? Postgres { get; init; } = Environment.GetEnvironmentVariable(PostgresVariable);

    public const string Usage =
        "Usage: TrainingService.Bench.Tuning --data <dir> [--dataset digits|fashion] [--epochs N] [--trials N] [--parallel N] [--seed N] " +
        "[--pruning off|median|off,median] [--queue-poll-seconds N] [--warm-up true|false] [--round N] [--postgres <connection string>]";

    public static TuningBenchOptions Parse(string[] args)
    {
        var options = BenchArguments.Parse(args, new TuningBenchOptions(), Usage, (options, name, value) => name switch
        {
            "--data" => options with { DataDirectory = value },
            "--dataset" => options with { Dataset = value },
            "--epochs" => options with { Epochs = BenchArguments.Positive(name, value) },
            "--trials" => options with { Trials = BenchArguments.Positive(name, value) },
            "--parallel" => options with { Parallel = BenchArguments.Positive(name, value) },
            "--seed" => options with { Seed = long.Parse(value, CultureInfo.InvariantCulture) },
            "--pruning" => options with { Pruning = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
            "--queue-poll-seconds" => options with { QueuePollSeconds = BenchArguments.Positive(name, value) },
            "--warm-up" => options with { WarmUp = bool.Parse(value) },
            "--round" => options with { Round = BenchArguments.Positive(name, value) },
            "--postgres" => options with { Postgres = value },
            _ => null,
        });
        if (string.IsNullOrWhiteSpace(options.Postgres))
            throw new ArgumentException($"No PostgreSQL: pass --postgres or set {PostgresVariable}. {Usage}");
        if (!File.Exists(options.TrainCsv) || !File.Exists(options.ValidationCsv))
            throw new ArgumentException($"No {options.TrainCsv} or {options.ValidationCsv}: write them with `bench/tuning/tuning_peers.py data --out <dir>`. {Usage}");
        if (options.Pruning.Count == 0 || options.Pruning.Any(p => p is not ("off" or "median")))
            throw new ArgumentException($"--pruning takes off, median or both (comma-separated). {Usage}");
        return options;
    }

    public string TrainCsv => Path.Combine(DataDirectory, $"{Dataset}-train.csv");

    public string ValidationCsv => Path.Combine(DataDirectory, $"{Dataset}-validation.csv");
}
