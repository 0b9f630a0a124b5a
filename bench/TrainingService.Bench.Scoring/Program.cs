using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingService.Bench.Hosting;

// Asynchronous scoring at scale: a classifier scores an N-row dataset (default 1,000,000) in a separate Worker
// process while the Api's and the Worker's resident memory are sampled, then the Api streams the rows as CSV.
// The figure that matters is the Api's memory staying flat whatever N is; times are printed for context only.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int rows = args.Length > 1 && args[0] == "--rows" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
string? postgres = Environment.GetEnvironmentVariable("TRAININGSERVICE_TEST_POSTGRES");
if (string.IsNullOrWhiteSpace(postgres))
{
    Console.Error.WriteLine("Set TRAININGSERVICE_TEST_POSTGRES to a server where the bench may create and drop a database. Usage: [--rows N]");
    return 2;
}

string configuration = BenchBuild.Configuration;
string apiPath = BenchBuild.Output("TrainingService.Api");
string workerPath = BenchBuild.Output("TrainingService.Worker");
string work = Directory.CreateTempSubdirectory("ts-scoring-bench-").FullName;
string bigCsv = Path.Combine(work, "score.csv"), smallCsv = Path.Combine(work, "train.csv");
var ct = CancellationToken.None;
try
{
    Say($"{configuration} build, {rows} rows, {Environment.ProcessorCount} cores; logs in {work}");
    WriteCsv(smallCsv, 2000, seed: 1);
    WriteCsv(bigCsv, rows, seed: 7);
    Say($"CSV: {new FileInfo(bigCsv).Length / 1e6:F1} MB");

    await using var database = await BenchDatabase.CreateAsync(postgres, ct);
    string administratorKey = ServiceProcess.NewAdministratorKey();
    var settings = ServiceProcess.Settings(database.ConnectionString, administratorKey);
    settings["Workers__WorkerCount"] = "1";
    settings["Workers__EngineThreadsPerJob"] = "1";
    using var api = ServiceProcess.Start(apiPath, new Dictionary<string, string>(settings) { ["Workers__InProcess"] = "false" }, Path.Combine(work, "api.log"));
    using var http = new HttpClient { BaseAddress = api.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    await api.WaitUntilReadyAsync(http, TimeSpan.FromMinutes(2), ct);
    using var worker = ServiceProcess.Start(workerPath, settings, Path.Combine(work, "worker.log"));
    await worker.WaitUntilReadyAsync(http, TimeSpan.FromMinutes(2), ct);
    int apiPid = api.ProcessId, workerPid = worker.ProcessId;
    var client = new ServiceClient(http);
    await client.SignInAsNewTenantAsync(administratorKey, ct);

    var (small, _) = await client.UploadAsync(smallCsv, "train", ct);
    Guid model = await client.CreateModelAsync(new JsonObject
    {
        ["name"] = "scoring bench",
        ["task"] = "classification",
        ["targetColumn"] = "label",
        ["layers"] = new JsonArray(new JsonObject { ["type"] = "dense", ["units"] = 16, ["activation"] = "relu" }),
        ["seed"] = 1,
    }, ct);
    Guid job = await client.StartJobAsync(new JsonObject { ["modelId"] = model, ["datasetId"] = small, ["epochs"] = 5 }, ct);
    var trained = await client.WaitUntilFinishedAsync(job, TimeSpan.FromSeconds(1), ct);
    if (trained.GetProperty("status").GetString() != "succeeded")
        throw new InvalidOperationException($"Training failed: {trained}");
    var (big, upload) = await client.UploadAsync(bigCsv, "score", ct);
    Say($"upload: {upload.TotalSeconds:F1} s");

    long apiBefore = Resident(apiPid), workerBefore = Resident(workerPid);
    Say($"RSS before scoring: Api {apiBefore >> 20} MiB, Worker {workerBefore >> 20} MiB");
    long start = Stopwatch.GetTimestamp();
    using var accepted = await http.PostAsJsonAsync($"/api/models/{model}/predictions", new JsonObject { ["datasetId"] = big, ["async"] = true }, ct);
    if (accepted.StatusCode != HttpStatusCode.Accepted)
        throw new InvalidOperationException($"Expected 202: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync(ct)}");
    string location = accepted.Headers.Location!.OriginalString;
    long apiPeak = apiBefore, workerPeak = workerBefore;
    JsonElement prediction;
    while (true)
    {
        await Task.Delay(500, ct);
        apiPeak = Math.Max(apiPeak, Resident(apiPid));
        workerPeak = Math.Max(workerPeak, Resident(workerPid));
        prediction = JsonDocument.Parse(await http.GetStringAsync($"{location}?limit=1", ct)).RootElement.Clone();
        if (prediction.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled")
            break;
    }

    TimeSpan scoring = Stopwatch.GetElapsedTime(start);
    if (prediction.GetProperty("status").GetString() != "succeeded")
        throw new InvalidOperationException($"Scoring did not succeed: {prediction}");
    Say($"scoring: {scoring.TotalSeconds:F1} s ({rows / scoring.TotalSeconds:F0} rows/s); RSS peak while scoring: Api {apiPeak >> 20} MiB, Worker {workerPeak >> 20} MiB; accuracy {prediction.GetProperty("metrics").GetProperty("accuracy").GetDouble():F3}");

    long apiBeforeCsv = Resident(apiPid), apiCsvPeak = apiBeforeCsv;
    start = Stopwatch.GetTimestamp();
    long lines = 0;
    using (var response = await http.GetAsync($"{location}.csv", HttpCompletionOption.ResponseHeadersRead, ct))
    using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct)))
    {
        response.EnsureSuccessStatusCode();
        while (await reader.ReadLineAsync(ct) is not null)
        {
            if (lines++ % 20_000 == 0)
                apiCsvPeak = Math.Max(apiCsvPeak, Resident(apiPid));
        }
    }

    TimeSpan download = Stopwatch.GetElapsedTime(start);
    if (lines != rows + 1L)
        throw new InvalidOperationException($"The CSV has {lines} lines; expected {rows + 1}.");
    Say($"CSV download: {download.TotalSeconds:F1} s, {lines - 1} rows; Api RSS {apiBeforeCsv >> 20} MiB before, peak {apiCsvPeak >> 20} MiB while streaming, {Resident(apiPid) >> 20} MiB after");
    Say($"SUMMARY rows={rows} api_rss_before_mib={apiBefore >> 20} api_rss_peak_scoring_mib={apiPeak >> 20} api_rss_peak_csv_mib={apiCsvPeak >> 20} worker_rss_before_mib={workerBefore >> 20} worker_rss_peak_mib={workerPeak >> 20} scoring_s={scoring.TotalSeconds:F1} csv_s={download.TotalSeconds:F1}");
    return 0;
}
finally
{
    File.Delete(bigCsv);
    File.Delete(smallCsv);
}

static long Resident(int pid)
{
    foreach (string line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) << 10;
    }

    return 0;
}

// The tests' three-class set: the label follows x + y, shifted by a categorical shade.
static void WriteCsv(string path, int rows, int seed)
{
    var random = new Random(seed);
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
    writer.Write("x,y,shade,label\n");
    for (int i = 0; i < rows; i++)
    {
        double x = random.NextDouble() * 4 - 2, y = random.NextDouble() * 4 - 2;
        string shade = random.Next(2) == 0 ? "dark" : "light";
        double score = x + y + (shade == "dark" ? 0.5 : -0.5);
        string label = score < -1 ? "low" : score < 1 ? "mid" : "high";
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"{x:F4},{y:F4},{shade},{label}\n"));
    }
}

static void Say(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");
