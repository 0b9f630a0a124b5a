using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Training;
using Xunit.Abstractions;

namespace TrainingService.Api.Tests.MultiProcess;

/// <summary>
/// The event streams as deployed: the Worker that trains and the Api that serves the stream are separate processes,
/// so every event crosses PostgreSQL (the log, and NOTIFY to wake the stream). One worker with one job at a time and
/// one engine thread, so jobs queue behind each other. Timeouts are liveness bounds for a busy 2-core machine.
/// </summary>
[Collection(MultiProcessCollection.Name)]
public sealed class EventStreamTests(EventStreamTests.Cluster cluster, ITestOutputHelper output)
    : IClassFixture<EventStreamTests.Cluster>, IAsyncLifetime
{
    private const int InvisibilityTimeoutSeconds = 30;

    private static readonly TimeSpan EventTimeout = TimeSpan.FromMinutes(3);

    private readonly List<Guid> _jobs = [];

    private HttpClient Api => cluster.Services.Api!.Client;

    public Task InitializeAsync() => cluster.EnsureWorkerAsync();

    public async Task DisposeAsync()
    {
        foreach (var job in _jobs)
        {
            using var _ = await Api.PostAsync($"/api/training-jobs/{job}/cancel", null);
        }

        cluster.Services.WriteOutputs(output);
    }

    [Fact]
    public async Task Events_LiveJob_RunningEveryEpochOnceInOrderProgressWithinEpochsAndEnd_ReconnectAfterEpochTwoMissesNothing()
    {
        const int epochs = 4;
        Guid job = await StartJobAsync(await cluster.LongEpochDataAsync(), epochs, batchSize: 2);
        var (whole, _) = await EventStream.OpenAsync(Api, $"/api/training-jobs/{job}/events");
        var (dropping, _) = await EventStream.OpenAsync(Api, $"/api/training-jobs/{job}/events");
        await using var w = whole;

        // A second client drops after epoch 2 and reconnects with the id of the last event it saw.
        List<ReceivedEvent> beforeDrop;
        await using (dropping)
            beforeDrop = await dropping!.ReadUntilAsync(e => e.Type == "epoch" && e.Data.GetProperty("epoch").GetInt32() == 2, EventTimeout);
        string lastSeen = beforeDrop.Last(e => e.Id is not null).Id!;
        var (resumed, _) = await EventStream.OpenAsync(Api, $"/api/training-jobs/{job}/events", lastSeen);
        await using var r = resumed;
        var afterDrop = await resumed!.ReadToEndAsync(EventTimeout);
        var events = await whole!.ReadToEndAsync(EventTimeout);
        output.WriteLine(string.Join(Environment.NewLine, events));

        var statuses = events.Where(e => e.Type == "status").Select(e => e.Data.GetProperty("status").GetString()).ToList();
        Assert.Equal(["queued", "running", "succeeded"], statuses);
        Assert.Matches(@"^started on worker \S+ \(attempt 1\)$", events.First(e => e.Type == "status" && e.Data.GetProperty("status").GetString() == "running").Data.GetProperty("reason").GetString());
        Assert.Equal(Enumerable.Range(1, epochs), events.Where(e => e.Type == "epoch").Select(e => e.Data.GetProperty("epoch").GetInt32()));
        Assert.Equal("end", events[^1].Type);
        Assert.Equal("succeeded", events[^1].Data.GetProperty("status").GetString());
        // Progress within an epoch: batches part-way, for the epoch in progress, before that epoch's own event.
        var progress = events.Where(e => e.Type == "progress").ToList();
        Assert.Contains(progress, p => p.Data.GetProperty("batchesCompleted").GetInt32() < p.Data.GetProperty("batchesPerEpoch").GetInt32());
        // An epoch of seconds shows several, its batches counting up.
        var mostWatched = progress.GroupBy(p => p.Data.GetProperty("epoch").GetInt32()).MaxBy(g => g.Count())!
            .Select(p => p.Data.GetProperty("batchesCompleted").GetInt32()).ToList();
        Assert.True(mostWatched.Count >= 2, $"at most {mostWatched.Count} progress event(s) in any epoch");
        Assert.Equal(mostWatched.Order(), mostWatched);
        Assert.All(progress, p => Assert.Null(p.Id));
        for (int i = 0; i < events.Count; i++)
        {
            if (events[i].Type != "progress")
                continue;
            int epoch = events[i].Data.GetProperty("epoch").GetInt32();
            Assert.DoesNotContain(events.Take(i), e => e.Type == "epoch" && e.Data.GetProperty("epoch").GetInt32() >= epoch);
        }

        // The reconnected client got exactly the durable events after the one it had, then the end: nothing twice, nothing lost.
        var durable = events.Where(e => e.Id is not null).Select(e => e.ToString()).ToList();
        var seenBefore = beforeDrop.Where(e => e.Id is not null).Select(e => e.ToString()).ToList();
        var seenAfter = afterDrop.Where(e => e.Id is not null).Select(e => e.ToString()).ToList();
        Assert.Equal(durable, seenBefore.Concat(seenAfter));
        Assert.Equal([3, 4], afterDrop.Where(e => e.Type == "epoch").Select(e => e.Data.GetProperty("epoch").GetInt32()));
        Assert.Equal("end", afterDrop[^1].Type);
    }

    [Fact]
    public async Task KilledWorker_JobReadsStaleThenResumesInTransitions_ThenCancelStreamsCancellingAndCancelled()
    {
        Guid job = await StartJobAsync(await cluster.ShortEpochDataAsync(), epochs: 1000, batchSize: 8);
        await TrainingScenario.WaitForJobAsync(Api, job, j => j.GetProperty("epochsCompleted").GetInt32() >= 1, $"job {job} to finish an epoch");
        var running = await TrainingScenario.GetJobAsync(Api, job);
        Assert.False(running.GetProperty("stale").GetBoolean(), running.ToString());
        Assert.NotEqual(JsonValueKind.Null, running.GetProperty("lastHeartbeatAt").ValueKind);

        var victim = cluster.LiveWorker()!;
        victim.Kill();
        var sinceKill = Stopwatch.StartNew();
        var stale = await TrainingScenario.WaitForJobAsync(Api, job, j => j.GetProperty("stale").GetBoolean(), $"job {job} to read stale", seconds: 60);
        output.WriteLine($"MEASURED stale {sinceKill.Elapsed.TotalSeconds:F1} s after SIGKILL (heartbeat 1 s, stale after 3 s)");
        Assert.Equal("running", stale.GetProperty("status").GetString());

        await cluster.EnsureWorkerAsync();
        var resumed = await TrainingScenario.WaitForJobAsync(Api, job,
            j => Reasons(j).Any(r => r.StartsWith("running: resumed after epoch", StringComparison.Ordinal)),
            $"job {job} to be resumed by a new worker", seconds: InvisibilityTimeoutSeconds + 120);
        output.WriteLine($"job {job} transitions: {string.Join(" | ", Reasons(resumed))}");
        Assert.False(resumed.GetProperty("stale").GetBoolean());
        var reasons = Reasons(resumed);
        Assert.Equal("queued: queued", reasons[0]);
        Assert.Matches(@"^running: started on worker \S+ \(attempt 1\)$", reasons[1]);
        Assert.Matches(@"^running: resumed after epoch \d+ on worker \S+ \(attempt 2\)$", reasons[2]);

        // Cancel, watched live from the Api while the worker (another process) stops.
        var (stream, _) = await EventStream.OpenAsync(Api, $"/api/training-jobs/{job}/events");
        await using var s = stream;
        using var cancel = await Api.PostAsync($"/api/training-jobs/{job}/cancel", null);
        Assert.Equal("cancelling", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var events = await stream!.ReadToEndAsync(EventTimeout);

        var statuses = events.Where(e => e.Type == "status").Select(e => e.Data.GetProperty("status").GetString()).ToList();
        Assert.Equal(["queued", "running", "running", "cancelling", "cancelled"], statuses);
        Assert.Equal("cancelled", events[^1].Data.GetProperty("status").GetString());
        Assert.Equal("end", events[^1].Type);
    }

    [Fact]
    public async Task QueuePosition_ThreeJobsBehindARunningOne_CountsDownAsEachAheadEndsThenRuns()
    {
        // Jobs that run until cancelled: the test, not the machine's speed, decides when the queue moves.
        var data = await cluster.ShortEpochDataAsync();
        var jobs = new List<Guid>();
        for (int i = 0; i < 4; i++)
            jobs.Add(await StartJobAsync(data, epochs: 100_000, batchSize: 8));
        Guid last = jobs[^1];
        await TrainingScenario.WaitForJobAsync(Api, jobs[0], j => j.GetProperty("status").GetString() == "running", $"job {jobs[0]} to run");

        var seen = new List<int?>();
        foreach (var (ahead, expected) in new (Guid, int?)[] { (Guid.Empty, 3), (jobs[0], 2), (jobs[1], 1), (jobs[2], null) })
        {
            if (ahead != Guid.Empty)
                (await Api.PostAsync($"/api/training-jobs/{ahead}/cancel", null)).Dispose();
            var job = await TrainingScenario.WaitForJobAsync(Api, last, j => Position(j) == expected, $"job {last} at queue position {expected?.ToString() ?? "null"}");
            seen.Add(Position(job));
            if (expected is null)
                Assert.Equal("running", job.GetProperty("status").GetString());
        }

        output.WriteLine($"queue positions of the last job: {string.Join(" → ", seen.Select(p => p?.ToString() ?? "null"))}");
        Assert.Equal(new int?[] { 3, 2, 1, null }, seen);
    }

    private static int? Position(JsonElement job) =>
        job.GetProperty("queuePosition").ValueKind == JsonValueKind.Null ? null : job.GetProperty("queuePosition").GetInt32();

    private async Task<Guid> StartJobAsync((Guid Dataset, Guid Model) data, int epochs, int batchSize)
    {
        Guid job = await TrainingScenario.StartJobAsync(Api, new { modelId = data.Model, datasetId = data.Dataset, epochs, batchSize, validationSplit = 0.2 });
        _jobs.Add(job);
        return job;
    }

    private static List<string> Reasons(JsonElement job) =>
        job.GetProperty("transitions").EnumerateArray().Select(t => $"{t.GetProperty("status").GetString()}: {t.GetProperty("reason").GetString()}").ToList();

    /// <summary>One Api and one single-job, single-thread Worker that beats every second; data made once.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        private (Guid Dataset, Guid Model)? _long;
        private (Guid Dataset, Guid Model)? _short;

        public ServiceCluster Services { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Services = await ServiceCluster.CreateAsync(nameof(EventStreamTests), new Dictionary<string, string?>
            {
                ["Hangfire__InvisibilityTimeoutSeconds"] = InvisibilityTimeoutSeconds.ToString(),
                ["Workers__WorkerCount"] = "1",
                ["Workers__EngineThreadsPerJob"] = "1",
                ["Workers__HeartbeatSeconds"] = "1",
                ["EventStreams__PollSeconds"] = "2",
                ["EventStreams__HeartbeatSeconds"] = "2",
            });
            await Services.StartApiAsync();
        }

        public ServiceProcess? LiveWorker() =>
            Services.Processes.LastOrDefault(p => p.Name.StartsWith("worker", StringComparison.Ordinal) && !p.HasExited);

        public async Task EnsureWorkerAsync()
        {
            var worker = LiveWorker() ?? await Services.StartWorkerAsync();
            await Eventually.GetAsync(() => Services.IsRegisteredAsHangfireServerAsync(worker), registered => registered,
                ServiceCluster.StartTimeout, $"{worker.Name} to register with Hangfire");
        }

        /// <summary>Epochs of seconds at one thread (96,000 training rows in batches of 2): progress events show within them.</summary>
        public async Task<(Guid Dataset, Guid Model)> LongEpochDataAsync() => _long ??= await DataAsync(120_000);

        /// <summary>Epochs of well under a second.</summary>
        public async Task<(Guid Dataset, Guid Model)> ShortEpochDataAsync() => _short ??= await DataAsync(4_000);

        private async Task<(Guid Dataset, Guid Model)> DataAsync(int rows)
        {
            var client = Services.Api!.Client;
            Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(rows));
            Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label", hiddenUnits: 128));
            return (dataset, model);
        }

        public Task DisposeAsync() => Services.DisposeAsync().AsTask();
    }
}
