using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using TrainingService.Api.Tests.Training;
using TrainingService.Core.Hosting;
using TrainingService.Core.Training;
using Xunit.Abstractions;

namespace TrainingService.Api.Tests.MultiProcess;

/// <summary>
/// Scale-out and crashes with real processes: the Api (which trains nothing) and two Workers on one database. Jobs
/// are spread over the workers; a worker killed mid-training, one stopped with SIGTERM mid-training and a restarted
/// Api lose nothing; a job whose workers are killed <see cref="MaxAttempts"/> times fails instead of being fetched again. Timeouts are liveness bounds for a busy 2-core machine; the recovery times are written to the
/// test log (<c>--logger "console;verbosity=detailed"</c>), not asserted beyond what tells the two recovery paths apart.
/// </summary>
[Collection(MultiProcessCollection.Name)]
public sealed class CrashRecoveryTests(CrashRecoveryTests.Cluster cluster, ITestOutputHelper output)
    : IClassFixture<CrashRecoveryTests.Cluster>, IAsyncLifetime
{
    /// <summary>The smallest Hangfire allows: how long a killed worker's job stays invisible (production: 300 s).</summary>
    private const int InvisibilityTimeoutSeconds = 30;

    private const int WorkerShutdownSeconds = 20;

    /// <summary>Two runs per job: one kill is survived, a second one fails the job.</summary>
    private const int MaxAttempts = 2;

    /// <summary>Long enough to interrupt a job mid-training, short enough for the class to stay within minutes.</summary>
    private const int Epochs = 120;

    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(4);

    private readonly List<Guid> _jobs = [];

    private HttpClient Api => cluster.Services.Api!.Client;

    public Task InitializeAsync() => cluster.EnsureTwoWorkersAsync();

    public async Task DisposeAsync()
    {
        // A test that failed half-way leaves no job training into the next test.
        foreach (var job in _jobs)
        {
            try
            {
                using var _ = await Api.PostAsync($"/api/training-jobs/{job}/cancel", null);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // The Api is down: the test that stopped it failed; the cluster goes with the class.
            }
        }

        cluster.Services.WriteOutputs(output);
    }

    [Fact]
    public async Task Submit_FourJobsAtOnce_SpreadOverBothWorkersAndAllSucceed()
    {
        var workers = cluster.LiveWorkers();
        const int epochs = Epochs / 3;

        var jobs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => StartJobAsync(epochs)));
        foreach (var job in jobs)
            await AssertSucceededWithFullHistoryAsync(Api, job, epochs);

        var processedBy = new Dictionary<Guid, IReadOnlyList<string>>();
        foreach (var job in jobs)
            processedBy[job] = await cluster.Services.ProcessingServerIdsAsync(job);
        foreach (var (job, servers) in processedBy)
        {
            output.WriteLine($"job {job}: processed by {string.Join(", ", servers)}");
            string server = Assert.Single(servers);
            Assert.Contains(cluster.Services.ProcessOfServer(server), workers);
        }

        var used = processedBy.Values.Select(s => cluster.Services.ProcessOfServer(s[0])).Distinct().ToList();
        Assert.True(used.Count == 2, $"4 jobs ran on {used.Count} worker(s) of 2");
    }

    [Fact]
    public async Task Sigkill_WorkerMidTraining_OtherWorkerResumesAfterInvisibilityTimeoutWithEveryEpochOnce()
    {
        Guid job = await StartJobAsync(Epochs);
        await WaitUntilRunningWithEpochsAsync(job, 2);
        var victim = await ProcessingWorkerAsync(job);
        var survivor = cluster.LiveWorkers().Single(w => w != victim);

        victim.Kill();
        var sinceKill = Stopwatch.StartNew();
        int epochsAtKill = await EpochsCompletedAsync(job);
        await WaitUntilProcessedByAsync(job, survivor, TimeSpan.FromSeconds(InvisibilityTimeoutSeconds) + TimeSpan.FromMinutes(2));
        var fetchedAgain = sinceKill.Elapsed;
        output.WriteLine($"MEASURED SIGKILL of {victim.Name} after epoch {epochsAtKill} → job fetched again by {survivor.Name}: {fetchedAgain.TotalSeconds:F1} s (invisibility timeout {InvisibilityTimeoutSeconds} s)");

        await AssertSucceededWithFullHistoryAsync(Api, job, Epochs);
        int resumedAfter = ResumedAfterEpoch(survivor, job);
        Assert.True(resumedAfter >= epochsAtKill, $"{survivor.Name} resumed after epoch {resumedAfter}; {epochsAtKill} were written before the kill");
        // Nothing fetched the job while the killed worker's fetch was still invisible.
        Assert.Equal(2, (await cluster.Services.ProcessingServerIdsAsync(job)).Count);
        // Both runs counted, the killed one and the one that finished: the last of the MaxAttempts allowed succeeded.
        Assert.Equal(MaxAttempts, (await TrainingScenario.GetJobAsync(Api, job)).GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Sigkill_WorkerTwiceWithMaxAttemptsTwo_ThirdFetchFailsTheJobSayingSo()
    {
        Guid job = await StartJobAsync(Epochs);
        await WaitUntilRunningWithEpochsAsync(job, 1);
        var first = await ProcessingWorkerAsync(job);

        first.Kill();
        // A fresh worker, so that one is left to fetch the job a third time once the second runner is killed too.
        await cluster.Services.StartWorkerAsync();
        var fetches = await Infrastructure.Eventually.GetAsync(
            () => cluster.Services.ProcessingServerIdsAsync(job), servers => servers.Count >= 2,
            TimeSpan.FromSeconds(InvisibilityTimeoutSeconds) + TimeSpan.FromMinutes(2), $"job {job} to be fetched again");
        var second = cluster.Services.ProcessOfServer(fetches[1])!;
        await Infrastructure.Eventually.GetAsync(() => AttemptsAsync(job), attempts => attempts == MaxAttempts, TimeSpan.FromMinutes(1), $"{second.Name} to claim job {job}");
        second.Kill();
        var sinceSecondKill = Stopwatch.StartNew();
        int epochsAtSecondKill = await EpochsCompletedAsync(job);
        var third = Assert.Single(cluster.LiveWorkers());

        var finished = await TrainingScenario.WaitUntilFinishedAsync(Api, job, (int)JobTimeout.TotalSeconds);
        output.WriteLine($"MEASURED second SIGKILL after epoch {epochsAtSecondKill} → job failed by {third.Name} after {sinceSecondKill.Elapsed.TotalSeconds:F1} s: {finished.GetProperty("error")}");

        Assert.Equal("failed", finished.GetProperty("status").GetString());
        Assert.Equal("failed", finished.GetProperty("stopReason").GetString());
        Assert.Equal(MaxAttempts, finished.GetProperty("attempts").GetInt32());
        Assert.StartsWith(
            $"The worker running this job stopped {MaxAttempts} times without finishing (killed or lost); last epoch {epochsAtSecondKill}.",
            finished.GetProperty("error").GetString());
        Assert.Equal(epochsAtSecondKill, finished.GetProperty("epochsCompleted").GetInt32());
        // The third fetch failed the job instead of training it.
        var servers = await cluster.Services.ProcessingServerIdsAsync(job);
        Assert.Equal(new ServiceProcess?[] { first, second, third }, servers.Select(cluster.Services.ProcessOfServer));
        Assert.DoesNotMatch($@"Training job {job}: .*resuming after epoch", third.Output);
    }

    [Fact]
    public async Task Sigterm_WorkerMidTraining_ExitsCleanlyAndJobResumesElsewhereFromItsCheckpoint()
    {
        Guid job = await StartJobAsync(Epochs);
        await WaitUntilRunningWithEpochsAsync(job, 3);
        var victim = await ProcessingWorkerAsync(job);
        var survivor = cluster.LiveWorkers().Single(w => w != victim);
        await using var watch = JobWatch.Start(cluster.Services, job);

        int epochsAtSigterm = await EpochsCompletedAsync(job);
        victim.SendSigterm();
        var sinceSigterm = Stopwatch.StartNew();
        var resumed = WaitUntilProcessedByAsync(job, survivor, TimeSpan.FromMinutes(2));
        bool exited = await victim.WaitForExitAsync(TimeSpan.FromSeconds(WorkerShutdownSeconds + WorkerOptions.HostShutdownMarginSeconds));
        var exitedAfter = sinceSigterm.Elapsed;
        await resumed;
        var resumedAfter = sinceSigterm.Elapsed;
        output.WriteLine($"MEASURED SIGTERM of {victim.Name} after epoch {epochsAtSigterm} → exited after {exitedAfter.TotalSeconds:F1} s, job fetched again by {survivor.Name} after {resumedAfter.TotalSeconds:F1} s");

        Assert.True(exited, $"{victim.Name} still runs {WorkerShutdownSeconds + WorkerOptions.HostShutdownMarginSeconds} s after SIGTERM");
        Assert.Equal(0, victim.ExitCode);
        // Re-queued at shutdown, not left for the invisibility timeout as a crash is.
        Assert.True(resumedAfter < TimeSpan.FromSeconds(InvisibilityTimeoutSeconds),
            $"the job was fetched again {resumedAfter.TotalSeconds:F1} s after SIGTERM: not re-queued at shutdown, only found after the invisibility timeout");

        await AssertSucceededWithFullHistoryAsync(Api, job, Epochs);
        var interrupted = Regex.Match(victim.Output, $@"Training job {job} interrupted by shutdown after epoch (\d+)");
        Assert.True(interrupted.Success, $"{victim.Name} did not log the interrupted job");
        int checkpointEpoch = int.Parse(interrupted.Groups[1].Value);
        // At most the epoch in progress at SIGTERM is lost.
        Assert.True(checkpointEpoch >= epochsAtSigterm, $"interrupted after epoch {checkpointEpoch}, but {epochsAtSigterm} were done at SIGTERM");
        Assert.Equal(checkpointEpoch, ResumedAfterEpoch(survivor, job));
        Assert.Equal(2, (await cluster.Services.ProcessingServerIdsAsync(job)).Count);

        // The SIGTERM hand-back is no death: only the run that finished counts.
        Assert.Equal(1, (await TrainingScenario.GetJobAsync(Api, job)).GetProperty("attempts").GetInt32());

        var seen = await watch.StopAsync();
        output.WriteLine($"job {job} as polled: {string.Join(" ", seen.Select(s => $"{s.Status}/{s.Epochs}"))}");
        Assert.DoesNotContain(seen, s => s.Status is TrainingJobStatus.Cancelled or TrainingJobStatus.Failed);
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.Second.Epochs >= p.First.Epochs), "epochsCompleted went backwards");
    }

    [Fact]
    public async Task Restart_KilledApiWhileJobsRun_JobsFinishAndNewApiShowsFullHistory()
    {
        var jobs = await Task.WhenAll(StartJobAsync(Epochs), StartJobAsync(Epochs));
        foreach (var job in jobs)
            await WaitUntilRunningWithEpochsAsync(job, 1);

        cluster.Services.Api!.Kill();
        var api = await cluster.Services.StartApiAsync();
        foreach (var job in jobs)
        {
            var seen = await TrainingScenario.GetJobAsync(api.Client, job);
            output.WriteLine($"job {job} when the new Api was ready: {seen.GetProperty("status")}, epoch {seen.GetProperty("epochsCompleted")}");
        }

        foreach (var job in jobs)
        {
            await AssertSucceededWithFullHistoryAsync(api.Client, job, Epochs);
            Assert.Single(await cluster.Services.ProcessingServerIdsAsync(job));
        }
    }

    private async Task<Guid> StartJobAsync(int epochs)
    {
        var (dataset, model) = await cluster.DatasetAndModelAsync();
        Guid job = await TrainingScenario.StartJobAsync(Api, new { modelId = model, datasetId = dataset, epochs, batchSize = 8, validationSplit = 0.2 });
        _jobs.Add(job);
        return job;
    }

    private Task WaitUntilRunningWithEpochsAsync(Guid job, int epochs) =>
        TrainingScenario.WaitForJobAsync(Api, job, j =>
        {
            string? status = j.GetProperty("status").GetString();
            Assert.True(status is "queued" or "running", $"job {job} ended before it could be interrupted: {j}");
            return status == "running" && j.GetProperty("epochsCompleted").GetInt32() >= epochs;
        }, $"job {job} to run with {epochs} epoch(s) done", seconds: (int)JobTimeout.TotalSeconds);

    private async Task<int> EpochsCompletedAsync(Guid job)
    {
        await using var db = cluster.Services.CreateDbContext();
        return await db.TrainingJobs.Where(j => j.Id == job).Select(j => j.EpochsCompleted).SingleAsync();
    }

    private async Task<int> AttemptsAsync(Guid job)
    {
        await using var db = cluster.Services.CreateDbContext();
        return await db.TrainingJobs.Where(j => j.Id == job).Select(j => j.Attempts).SingleAsync();
    }

    /// <summary>The worker whose Hangfire server last started the job.</summary>
    private async Task<ServiceProcess> ProcessingWorkerAsync(Guid job)
    {
        var servers = await cluster.Services.ProcessingServerIdsAsync(job);
        Assert.NotEmpty(servers);
        var worker = cluster.Services.ProcessOfServer(servers[^1]);
        Assert.True(worker is not null && cluster.LiveWorkers().Contains(worker), $"job {job} is processed by {servers[^1]}, not by a live worker");
        return worker;
    }

    private Task WaitUntilProcessedByAsync(Guid job, ServiceProcess worker, TimeSpan timeout) =>
        Infrastructure.Eventually.GetAsync(
            () => cluster.Services.ProcessingServerIdsAsync(job),
            servers => servers.Any(s => cluster.Services.ProcessOfServer(s) == worker),
            timeout, $"{worker.Name} to fetch job {job}");

    /// <summary>The epoch the worker's run of the job resumed after, from its "resuming after epoch" log entry.</summary>
    private static int ResumedAfterEpoch(ServiceProcess worker, Guid job)
    {
        var match = Regex.Match(worker.Output, $@"Training job {job}: .*resuming after epoch (\d+)");
        Assert.True(match.Success, $"{worker.Name} did not log starting job {job}");
        return int.Parse(match.Groups[1].Value);
    }

    private async Task AssertSucceededWithFullHistoryAsync(HttpClient api, Guid job, int epochs)
    {
        var finished = await TrainingScenario.WaitUntilFinishedAsync(api, job, (int)JobTimeout.TotalSeconds);
        Assert.True(finished.GetProperty("status").GetString() == "succeeded", finished.ToString());
        Assert.Equal("completed", finished.GetProperty("stopReason").GetString());
        Assert.Equal(epochs, finished.GetProperty("epochsCompleted").GetInt32());

        // (job, epoch) is the history's key, so no epoch can be there twice: every one of 1..N must be there once.
        var history = await TrainingScenario.GetHistoryAsync(api, job);
        Assert.Equal(Enumerable.Range(1, epochs), history.Select(e => e.GetProperty("epoch").GetInt32()));
        output.WriteLine($"job {job}: {epochs} epochs, {history.Sum(e => e.GetProperty("durationMs").GetDouble()) / 1000:F1} s of training");

        using var model = await api.GetAsync($"/api/training-jobs/{job}/model");
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        Assert.NotEmpty(await model.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Samples a job's status and epochs from the database until stopped, to see what polling clients saw.</summary>
    private sealed class JobWatch : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<(TrainingJobStatus Status, int Epochs)> _seen = [];
        private Task _loop = Task.CompletedTask;

        public static JobWatch Start(ServiceCluster services, Guid job)
        {
            var watch = new JobWatch();
            watch._loop = Task.Run(() => watch.RunAsync(services, job));
            return watch;
        }

        public async Task<IReadOnlyList<(TrainingJobStatus Status, int Epochs)>> StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            return _seen;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
                await StopAsync();
            _stop.Dispose();
        }

        private async Task RunAsync(ServiceCluster services, Guid job)
        {
            while (!_stop.IsCancellationRequested)
            {
                await using (var db = services.CreateDbContext())
                {
                    var row = await db.TrainingJobs.AsNoTracking().Where(j => j.Id == job).Select(j => new { j.Status, j.EpochsCompleted }).SingleAsync();
                    if (_seen.Count == 0 || _seen[^1] != (row.Status, row.EpochsCompleted))
                        _seen.Add((row.Status, row.EpochsCompleted));
                }

                try
                {
                    await Task.Delay(100, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// One Api and two single-job Workers for the class, one engine thread per job (two workers on two cores), and a
    /// dataset and model on it. Tests that kill a worker leave it dead; the next test starts a fresh one.
    /// </summary>
    public sealed class Cluster : IAsyncLifetime
    {
        private (Guid Dataset, Guid Model)? _data;

        public ServiceCluster Services { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Services = await ServiceCluster.CreateAsync(nameof(CrashRecoveryTests), new Dictionary<string, string?>
            {
                ["Hangfire__InvisibilityTimeoutSeconds"] = InvisibilityTimeoutSeconds.ToString(),
                ["Workers__ShutdownTimeoutSeconds"] = WorkerShutdownSeconds.ToString(),
                ["Workers__WorkerCount"] = "1",
                ["Workers__EngineThreadsPerJob"] = "1",
                ["Workers__MaxAttempts"] = MaxAttempts.ToString(),
            });
            await Services.StartApiAsync();
        }

        public IReadOnlyList<ServiceProcess> LiveWorkers() =>
            Services.Processes.Where(p => p.Name.StartsWith("worker", StringComparison.Ordinal) && !p.HasExited).ToList();

        /// <summary>Starts workers until two run, and waits until both are registered with Hangfire.</summary>
        public async Task EnsureTwoWorkersAsync()
        {
            int missing = 2 - LiveWorkers().Count;
            await Task.WhenAll(Enumerable.Range(0, Math.Max(0, missing)).Select(_ => Services.StartWorkerAsync()));
            foreach (var worker in LiveWorkers())
            {
                await Infrastructure.Eventually.GetAsync(
                    () => Services.IsRegisteredAsHangfireServerAsync(worker), registered => registered,
                    ServiceCluster.StartTimeout, $"{worker.Name} to register with Hangfire");
            }
        }

        /// <summary>A learnable 3-class dataset of 8000 rows and a model with a 128-unit hidden layer, made once.</summary>
        public async Task<(Guid Dataset, Guid Model)> DatasetAndModelAsync()
        {
            if (_data is null)
            {
                var client = Services.Api!.Client;
                Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(8000));
                Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label", hiddenUnits: 128));
                _data = (dataset, model);
            }

            return _data.Value;
        }

        public Task DisposeAsync() => Services.DisposeAsync().AsTask();
    }
}
