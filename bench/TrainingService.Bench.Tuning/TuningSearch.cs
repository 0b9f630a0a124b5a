using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingService.Bench.Hosting;

namespace TrainingService.Bench.Tuning;

/// <summary>
/// One random search as a client runs it: <c>POST /api/tuning-jobs</c>, poll until it has ended, then read the
/// leaderboard and each trial's history. The search space and training settings are the Python peers'
/// (bench/tuning/tuning_peers.py): one hidden ReLU layer of 32..256 units, Adam's learning rate log-uniform in
/// [1e-4, 1e-2], L2 log-uniform in [1e-6, 1e-2], batch size 32, 64 or 128; no early stopping, no dropout.
/// </summary>
internal sealed class TuningSearch(HttpClient http, ServiceClient client)
{
    public static JsonObject Request(Guid datasetId, Guid validationDatasetId, TuningBenchOptions options, bool pruning) => new()
    {
        ["baseModel"] = new JsonObject
        {
            ["name"] = $"tuning bench {options.Dataset}",
            ["task"] = "classification",
            ["targetColumn"] = "label",
            ["layers"] = new JsonArray(new JsonObject { ["type"] = "dense", ["units"] = 100, ["activation"] = "relu" }),
            ["optimizer"] = new JsonObject { ["type"] = "adam", ["learningRate"] = 0.001 },
            ["regularization"] = new JsonObject { ["l2"] = 0.0001 },
            // The tuning job's seed seeds the sampling and the trials' shuffling, but weight initialization takes the
            // base model's seed, which the service otherwise draws at random per request: set, every run trains alike.
            ["seed"] = options.Seed,
        },
        ["datasetId"] = datasetId,
        ["validationDatasetId"] = validationDatasetId,
        ["epochs"] = options.Epochs,
        ["batchSize"] = 64,
        ["objective"] = new JsonObject { ["metric"] = "validationAccuracy", ["goal"] = "maximize" },
        ["strategy"] = "random",
        ["maxTrials"] = options.Trials,
        ["maxParallel"] = options.Parallel,
        ["seed"] = options.Seed,
        ["searchSpace"] = new JsonObject
        {
            ["layers[0].units"] = new JsonObject { ["type"] = "int", ["min"] = 32, ["max"] = 256, ["scale"] = "linear" },
            ["optimizer.learningRate"] = new JsonObject { ["type"] = "float", ["min"] = 1e-4, ["max"] = 1e-2, ["scale"] = "log" },
            ["regularization.l2"] = new JsonObject { ["type"] = "float", ["min"] = 1e-6, ["max"] = 1e-2, ["scale"] = "log" },
            ["batchSize"] = new JsonObject { ["type"] = "categorical", ["values"] = new JsonArray(32, 64, 128) },
        },
        // Off for the like-for-like row (the peers prune nothing); "median" is the service's default pruner.
        ["pruning"] = pruning ? new JsonObject { ["enabled"] = true } : new JsonObject { ["enabled"] = false },
    };

    /// <summary>Submits the search and waits for its end; the wall time runs from just before the POST to the last trial's finish.</summary>
    public async Task<TuningOutcome> RunAsync(JsonObject request, TimeSpan pollInterval, CancellationToken ct)
    {
        DateTimeOffset submitted = DateTimeOffset.UtcNow;
        Guid id = await client.StartTuningJobAsync(request, ct);
        var job = await client.WaitUntilEndedAsync($"/api/tuning-jobs/{id}", pollInterval, ct);
        if (job.GetProperty("status").GetString() != "succeeded")
            throw new InvalidOperationException($"The tuning job ended {job.GetProperty("status").GetString()}: {job}");

        var trials = JsonDocument.Parse(await http.GetStringAsync($"/api/tuning-jobs/{id}/trials", ct)).RootElement.EnumerateArray().Select(t => t.Clone()).ToList();
        var measured = new List<TrialMeasure>();
        foreach (var trial in trials)
        {
            Guid jobId = trial.GetProperty("trainingJobId").GetGuid();
            var history = await client.GetHistoryAsync(jobId, ct);
            var last = history.LastOrDefault();
            double? lastAccuracy = last.ValueKind == JsonValueKind.Object
                ? last.GetProperty("validationMetrics").GetProperty("accuracy").GetDouble()
                : null;
            double trainingSeconds = history.Sum(e => e.GetProperty("durationMs").GetDouble()) / 1000;
            measured.Add(new TrialMeasure(
                trial.GetProperty("trialIndex").GetInt32(),
                trial.GetProperty("status").GetString()!,
                trial.TryGetProperty("stopReason", out var stop) && stop.ValueKind == JsonValueKind.String ? stop.GetString() : null,
                trial.GetProperty("objective") is { ValueKind: JsonValueKind.Number } objective ? objective.GetDouble() : null,
                lastAccuracy,
                trial.GetProperty("epochsCompleted").GetInt32(),
                trial.GetProperty("createdAt").GetDateTimeOffset(),
                trial.GetProperty("startedAt").GetDateTimeOffset(),
                trial.GetProperty("finishedAt").GetDateTimeOffset(),
                trainingSeconds,
                trial.GetProperty("parameters")));
        }
        return new TuningOutcome(id, submitted, measured);
    }

    /// <summary>The sampled values as <c>name:value</c> pairs without spaces, for a summary line.</summary>
    public static string Parameters(JsonElement parameters) =>
        string.Join(',', parameters.EnumerateObject().Select(p => $"{p.Name}:{(p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble().ToString("G4", CultureInfo.InvariantCulture) : p.Value.GetRawText())}"));
}
