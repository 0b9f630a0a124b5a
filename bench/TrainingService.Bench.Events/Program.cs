using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using Npgsql;
using TrainingService.Bench.Hosting;

// Event stream benchmark: the Api and one Worker as separate processes on a fresh database.
// 1. Delivery: N clients stream one training job of many short epochs; for every epoch event each client receives,
//    latency = time received − the epoch's end as the worker recorded it (training_job_events.at, taken on the
//    training thread when the epoch ended, before the epoch row is written). Same machine, same clock.
// 2. Idle: M streams open on the tenant stream with nothing happening; the Api's RSS and CPU before and while.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = Options.Parse(args);
string work = Directory.CreateTempSubdirectory("ts-events-bench-").FullName;
Say($"{BenchBuild.Configuration} build; {Environment.ProcessorCount} cores; {options.Streams} live streams on one job of {options.Epochs} epochs ({options.Rows} rows, batch {options.BatchSize}, one engine thread); {options.IdleStreams} idle streams for {options.IdleSeconds} s; logs in {work}");

await using var database = await BenchDatabase.CreateAsync(options.Postgres, CancellationToken.None);
string adminKey = ServiceProcess.NewAdministratorKey();
var common = ServiceProcess.Settings(database.ConnectionString, adminKey);
common["Workers__InProcess"] = "false";
common["Hangfire__QueuePollIntervalSeconds"] = "1";
common["EventStreams__MaxStreamsPerTenant"] = "10000";
common["Logging__LogLevel__Default"] = "Warning";
using var readiness = new HttpClient();
using var api = ServiceProcess.Start(BenchBuild.Output("TrainingService.Api"), common, Path.Combine(work, "api.log"));
await api.WaitUntilReadyAsync(readiness, TimeSpan.FromMinutes(2), CancellationToken.None);
using var worker = ServiceProcess.Start(BenchBuild.Output("TrainingService.Worker"),
    new Dictionary<string, string>(common) { ["Workers__WorkerCount"] = "1", ["Workers__EngineThreadsPerJob"] = "1" }, Path.Combine(work, "worker.log"));
await worker.WaitUntilReadyAsync(readiness, TimeSpan.FromMinutes(2), CancellationToken.None);

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = api.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
var tenant = await (await http.PostAsJsonAsync("/api/tenants", new { name = "events-bench" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.GetProperty("apiKey").GetString());

// --- 1. Delivery latency ---
using var upload = new MultipartFormDataContent { { new StringContent(Csv(options.Rows)), "file", "data.csv" } };
Guid dataset = (await (await http.PostAsync("/api/datasets", upload)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
Guid model = (await (await http.PostAsJsonAsync("/api/models", new
{
    name = "events-bench", task = "classification", targetColumn = "label",
    layers = new object[] { new { type = "dense", units = 32, activation = "relu" } },
})).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
Guid job = (await (await http.PostAsJsonAsync("/api/training-jobs", new { modelId = model, datasetId = dataset, epochs = options.Epochs, batchSize = options.BatchSize }))
    .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
var clients = Enumerable.Range(0, options.Streams).Select(_ => Task.Run(() => ReadEpochsAsync(http, job))).ToArray();
var received = (await Task.WhenAll(clients)).SelectMany(r => r).ToList();

var ends = new Dictionary<long, DateTimeOffset>();
await using (var connection = new NpgsqlConnection(database.ConnectionString))
{
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand("SELECT id, at FROM training_job_events WHERE job_id = @job AND type = 'epoch'", connection);
    command.Parameters.AddWithValue("job", job);
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
        ends[reader.GetInt64(0)] = reader.GetFieldValue<DateTimeOffset>(1);
}

// Epoch 1 may have ended before a client connected (then it is a replay, not a delivery): left out.
var latencies = received.Where(r => r.Epoch > 1).Select(r => (r.At - ends[r.Id]).TotalMilliseconds).Order().ToList();
var history = await http.GetFromJsonAsync<JsonElement[]>($"/api/training-jobs/{job}/history") ?? [];
double epochMs = history.Select(h => h.GetProperty("durationMs").GetDouble()).Order().ElementAt(history.Length / 2);
Say($"delivery: {latencies.Count} epoch events to {options.Streams} streams (epochs of {epochMs:F0} ms median): " +
    $"median {Percentile(latencies, 0.5):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, max {latencies[^1]:F1} ms (epoch end on the worker → event parsed by the client)");

// --- 2. Idle streams ---
await Task.Delay(TimeSpan.FromSeconds(5));
var before = api.Sample();
var idle = new List<(HttpResponseMessage Response, Stream Body)>();
for (int i = 0; i < options.IdleStreams; i++)
{
    var response = await http.GetAsync("/api/training-jobs/events", HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    idle.Add((response, await response.Content.ReadAsStreamAsync()));
}

await Task.Delay(TimeSpan.FromSeconds(5));
var open = api.Sample();
var clock = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds));
var after = api.Sample();
double cpuPercent = (after.Cpu - open.Cpu).TotalSeconds / clock.Elapsed.TotalSeconds * 100;
Say($"idle: Api RSS {before.RssBytes / 1e6:F1} MB with no stream → {open.RssBytes / 1e6:F1} MB with {options.IdleStreams} open " +
    $"(+{(open.RssBytes - before.RssBytes) / 1e3 / options.IdleStreams:F1} kB per stream), {after.RssBytes / 1e6:F1} MB after {options.IdleSeconds} s; " +
    $"CPU {cpuPercent:F1} % of one core over {options.IdleSeconds} s idle (poll every 3 s, heartbeat every 15 s per stream)");
foreach (var (response, body) in idle)
{
    await body.DisposeAsync();
    response.Dispose();
}

return 0;

static async Task<List<(long Id, int Epoch, DateTimeOffset At)>> ReadEpochsAsync(HttpClient http, Guid job)
{
    var seen = new List<(long, int, DateTimeOffset)>();
    using var response = await http.GetAsync($"/api/training-jobs/{job}/events", HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    await using var body = await response.Content.ReadAsStreamAsync();
    await foreach (var item in SseParser.Create(body).EnumerateAsync())
    {
        var at = DateTimeOffset.UtcNow;
        if (item.EventType == "epoch")
            seen.Add((long.Parse(item.EventId!), JsonDocument.Parse(item.Data).RootElement.GetProperty("epoch").GetInt32(), at));
        if (item.EventType == "end")
            break;
    }

    return seen;
}

static string Csv(int rows)
{
    var random = new Random(1);
    var text = new StringBuilder("x,y,label\n");
    for (int i = 0; i < rows; i++)
    {
        int label = random.Next(3);
        text.Append(CultureInfo.InvariantCulture, $"{label + random.NextDouble():F4},{label * 2 - random.NextDouble():F4},c{label}\n");
    }

    return text.ToString();
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static void Say(string line) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");

internal sealed record Options(string Postgres, int Streams, int Epochs, int Rows, int BatchSize, int IdleStreams, int IdleSeconds)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        return new Options(
            Get("--postgres", Environment.GetEnvironmentVariable("TRAININGSERVICE_TEST_POSTGRES") ?? "Host=127.0.0.1;Username=postgres;Database=postgres"),
            int.Parse(Get("--streams", "20")), int.Parse(Get("--epochs", "60")), int.Parse(Get("--rows", "60000")), int.Parse(Get("--batch", "4")),
            int.Parse(Get("--idle-streams", "200")), int.Parse(Get("--idle-seconds", "30")));
    }
}
