using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using TrainingService.Bench.FashionMnist;
using TrainingService.Bench.Hosting;
using TrainingService.Bench.Service;
using TrainingService.Engine.Training;

// Service benchmark: Fashion-MNIST as a CSV upload (MB/s), then a training job on it in the real Api process,
// compared with the engine alone doing the same epochs in this process, run before and after the job.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
ServiceBenchOptions options;
try
{
    options = ServiceBenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

string configuration = BuildConfiguration();
string apiPath = options.ApiPath ?? DefaultApiPath(configuration);
if (!File.Exists(apiPath))
{
    Console.Error.WriteLine($"{apiPath} does not exist: build first (dotnet build -c Release bench/TrainingService.Bench.Service) or pass --api.");
    return 2;
}

using var cts = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
CancellationToken ct = cts.Token;

string workDirectory = Directory.CreateTempSubdirectory("ts-service-bench-").FullName;
string csvPath = Path.Combine(workDirectory, "fashion-mnist-train.csv");
try
{
    Say($"{configuration} build, {options.Threads} engine thread(s), {options.Epochs} epochs, batch {options.BatchSize}, seed {options.Seed}, {options.Uploads} upload(s) alternated with COPY; {CpuModel.Name}, {Environment.ProcessorCount} cores; CSV and Api log in {workDirectory}");
    if (configuration != "Release")
        Say("WARNING: not a Release build; the figures mean little.");

    var (rows, csvBytes) = FashionMnistCsv.Write(options.DataDirectory, csvPath);
    Say($"CSV: {rows} rows x 785 columns (label, p0..p783 as integers 0-255), {csvBytes / 1e6:F1} MB");
    TrainingData engineData = FashionMnistData.Load(options.DataDirectory, "train");

    await using var database = await BenchDatabase.CreateAsync(options.Postgres!, ct);
    using var api = ApiProcess.Start(apiPath, database.ConnectionString, options.Threads, Path.Combine(workDirectory, "api.log"));
    using var http = new HttpClient { BaseAddress = api.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    await api.WaitUntilReadyAsync(http, TimeSpan.FromMinutes(2), ct);
    Say($"Api ready at {api.BaseAddress} on database {database.Name} ({apiPath})");
    var client = new ServiceClient(http);
    await client.SignInAsNewTenantAsync(ApiProcess.AdministratorKey, ct);

    var import = await ImportComparison.RunAsync(client, api.ProcessId, database.ConnectionString, csvPath, options.Uploads, Say, ct);
    Guid datasetId = import.DatasetId;
    if (options.ImportOnly)
    {
        ImportComparison.Print(import, csvBytes);
        var stages = await ImportProfile.RunAsync(database.ConnectionString, csvPath, ct);
        ImportProfile.Print(stages, csvBytes / 1e6 / Stats.Of(import.UploadMbps).Median);
        return 0;
    }

    var modelId = await client.CreateModelAsync(new JsonObject
    {
        ["name"] = "fashion-mnist service bench",
        ["task"] = "classification",
        ["targetColumn"] = "label",
        ["layers"] = new JsonArray(
            new JsonObject { ["type"] = "dense", ["units"] = 256, ["activation"] = "relu" },
            new JsonObject { ["type"] = "dense", ["units"] = 128, ["activation"] = "relu" }),
        ["optimizer"] = new JsonObject { ["type"] = "adam", ["learningRate"] = 1e-3 },
        // Pixels 0..255 to [0, 1] per column, as the engine-only run scales them.
        ["preprocessing"] = new JsonObject { ["numeric"] = "minMax" },
        ["seed"] = options.Seed,
    }, ct);

    var engineBefore = EngineReference.Run(engineData, options.Epochs, options.BatchSize, options.Threads, options.Seed, ct);
    Say($"engine alone (before the job), epoch ms: {Join(engineBefore.EpochMs)}");

    async Task<(Guid Id, JobMeasurement Measured)> TrainAsync(string which, long seed)
    {
        var jobId = await client.StartJobAsync(new JsonObject
        {
            ["modelId"] = modelId,
            ["datasetId"] = datasetId,
            ["epochs"] = options.Epochs,
            ["batchSize"] = options.BatchSize,
            ["validationSplit"] = 0,
            ["shuffle"] = true,
            ["seed"] = seed,
        }, ct);
        var job = await client.WaitUntilFinishedAsync(jobId, TimeSpan.FromSeconds(1), ct);
        if (job.GetProperty("status").GetString() != "succeeded")
            throw new InvalidOperationException($"The training job ended {job.GetProperty("status").GetString()}: {job.GetProperty("error")}");
        // The console logger writes behind the job: give its last lines a moment to arrive.
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var timeline = JobTimeline.Read(api.Lines, jobId, job.GetProperty("finishedAt").GetDateTimeOffset());
        var measured = JobMeasurement.From(job, await client.GetHistoryAsync(jobId, ct), timeline);
        Say($"training job {jobId} ({which}), epoch durationMs: {Join(measured.EpochMs)}; wall {measured.WallMs:F0} ms");
        return (jobId, measured);
    }

    // The first job of a fresh process pays its JIT and first touches; a worker's later jobs do not. Another seed is
    // other prepared data to the worker (a split may differ), so the second job prepares again and the third, the
    // second's twin, reuses the second's rows as a tuning search's next trial does.
    var (jobId, measured) = await TrainAsync("first job of this Api process", options.Seed);
    var (_, warm) = await TrainAsync("another seed, warm process: prepares again", options.Seed + 1);
    var (_, reused) = await TrainAsync("the second job again: reuses its prepared rows", options.Seed + 1);

    var latencies = await ServingApis.MeasureAsync(apiPath, options.BaselineApiPath, database.ConnectionString, options.Threads, workDirectory,
        http.DefaultRequestHeaders.Authorization, modelId, csvPath, ct);

    var engineAfter = EngineReference.Run(engineData, options.Epochs, options.BatchSize, options.Threads, options.Seed, ct);
    Say($"engine alone (after the job), epoch ms: {Join(engineAfter.EpochMs)}");

    var preparation = await PreparationProfile.RunAsync(database.ConnectionString, jobId, options.Threads, ct);
    BenchReport.Print(options, csvBytes, Stats.Of(import.UploadMbps), engineBefore, engineAfter, measured, preparation);
    BenchReport.PrintWarmJobs(measured, warm, reused);
    BenchReport.PrintPredictions(latencies);
    ImportComparison.Print(import, csvBytes);
    Say($"Api log (JSON lines): {api.LogPath}");
    return 0;
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled; the Api is stopped and the database dropped.");
    return 130;
}
finally
{
    // The CSV goes; the Api's log stays for a look at what the job did.
    File.Delete(csvPath);
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cts.Cancel();
}

static string BuildConfiguration()
{
#if DEBUG
    return "Debug";
#else
    return "Release";
#endif
}

static string DefaultApiPath(string configuration)
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TrainingService.sln")))
        directory = directory.Parent;
    string root = directory?.FullName ?? throw new InvalidOperationException("Run the bench from its build output inside the repository, or pass --api.");
    return Path.Combine(root, "src", "TrainingService.Api", "bin", configuration, "net10.0", "TrainingService.Api.dll");
}

static void Say(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

static string Join(double[] values) => string.Join(' ', values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));
