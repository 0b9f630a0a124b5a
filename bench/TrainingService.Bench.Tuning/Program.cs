using System.Globalization;
using TrainingService.Bench.Hosting;
using TrainingService.Bench.Tuning;

// Tuning benchmark, the service's side: the Api and one Worker (running --parallel trials at once, one engine thread
// each) as separate processes on a fresh database; the dataset's train and validation CSVs uploaded; then a random
// search of --trials trials per pruning variant, timed from just before POST /api/tuning-jobs to the last trial's end.
// bench/tuning/compare.sh runs it in rounds against scikit-learn's RandomizedSearchCV and Optuna on the same CSVs.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
TuningBenchOptions options;
try
{
    options = TuningBenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var ct = CancellationToken.None;
string work = Directory.CreateTempSubdirectory("ts-tuning-bench-").FullName;
Say($"{BenchBuild.Configuration} build; {Environment.ProcessorCount} cores; {options.Dataset}: {options.Trials} trials, {options.Parallel} at once " +
    $"(one Worker process, Workers__WorkerCount={options.Parallel}, Workers__EngineThreadsPerJob=1), {options.Epochs} epochs, seed {options.Seed}, " +
    $"pruning {string.Join(" then ", options.Pruning)}; logs in {work}");
if (BenchBuild.Configuration != "Release")
    Say("WARNING: not a Release build; the figures mean little.");

await using var database = await BenchDatabase.CreateAsync(options.Postgres!, ct);
string administratorKey = ServiceProcess.NewAdministratorKey();
var settings = ServiceProcess.Settings(database.ConnectionString, administratorKey);
if (options.QueuePollSeconds is int poll)
    settings["Hangfire__QueuePollIntervalSeconds"] = poll.ToString(CultureInfo.InvariantCulture);
using var api = ServiceProcess.Start(BenchBuild.Output("TrainingService.Api"),
    new Dictionary<string, string>(settings) { ["Workers__InProcess"] = "false" }, Path.Combine(work, "api.log"));
using var http = new HttpClient { BaseAddress = api.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
await api.WaitUntilReadyAsync(http, TimeSpan.FromMinutes(2), ct);
// The trials' CPU: maxParallel jobs at once in one Worker, one engine thread each, as the peers run n_jobs=2
// processes of one BLAS thread each. The Api and PostgreSQL share the same cores (their work is the service's overhead).
using var worker = ServiceProcess.Start(BenchBuild.Output("TrainingService.Worker"), new Dictionary<string, string>(settings)
{
    ["Workers__WorkerCount"] = options.Parallel.ToString(CultureInfo.InvariantCulture),
    ["Workers__EngineThreadsPerJob"] = "1",
}, Path.Combine(work, "worker.log"));
await worker.WaitUntilReadyAsync(http, TimeSpan.FromMinutes(2), ct);
var client = new ServiceClient(http);
await client.SignInAsNewTenantAsync(administratorKey, ct);

var (train, trainUpload) = await client.UploadAsync(options.TrainCsv, $"{options.Dataset}-train", ct);
var (validation, _) = await client.UploadAsync(options.ValidationCsv, $"{options.Dataset}-validation", ct);
Say($"uploaded {options.TrainCsv} ({trainUpload.TotalSeconds:F1} s) and {options.ValidationCsv}");

var search = new TuningSearch(http, client);
if (options.WarmUp)
{
    // A deployed service is warm: one short search first JIT-compiles the Worker's training path and the Api's
    // tuning endpoints, so the measured search pays what every later search pays (not the process's first run).
    var warm = await search.RunAsync(TuningSearch.Request(train, validation, options with { Trials = options.Parallel, Epochs = 1 }, pruning: false), TimeSpan.FromMilliseconds(250), ct);
    Say($"warm-up search: {warm.Trials.Count} trials of 1 epoch in {warm.Wall.TotalSeconds:F2} s (not reported)");
}
foreach (string variant in options.Pruning)
{
    var outcome = await search.RunAsync(TuningSearch.Request(train, validation, options, pruning: variant == "median"), TimeSpan.FromMilliseconds(250), ct);
    Say($"tuning job {outcome.Id} ({variant} pruning): {outcome.Trials.Count} trials in {outcome.Wall.TotalSeconds:F2} s");
    Console.WriteLine("  trial  status     stop         epochs  best acc  last acc  queued s  ran s  epochs s  parameters");
    foreach (var t in outcome.Trials.OrderBy(t => t.Index))
    {
        Console.WriteLine($"  {t.Index,5}  {t.Status,-9}  {t.StopReason ?? "-",-11}  {t.Epochs,6}  {t.Objective,8:F4}  {t.LastAccuracy,8:F4}  " +
            $"{(t.StartedAt - t.CreatedAt).TotalSeconds,8:F2}  {(t.FinishedAt - t.StartedAt).TotalSeconds,5:F2}  {t.TrainingSeconds,8:F2}  {TuningSearch.Parameters(t.Parameters)}");
    }
    Console.WriteLine(
        $"summary peer=ours dataset={options.Dataset} variant={variant} round={options.Round} trials={outcome.Trials.Count} " +
        $"best_accuracy={outcome.Best.Objective:F4} best_last_accuracy={outcome.BestLastAccuracy:F4} wall_s={outcome.Wall.TotalSeconds:F3} " +
        $"running_s={outcome.Running.TotalSeconds:F3} training_s={outcome.TrainingSeconds:F3} epochs={outcome.Epochs} pruned={outcome.Pruned} " +
        $"queue_median_s={outcome.MedianQueueSeconds:F3} best={TuningSearch.Parameters(outcome.Best.Parameters)}");
}
return 0;

static void Say(string line) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
