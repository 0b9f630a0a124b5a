using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TrainingService.Api.Tests.Training;
using TrainingService.Api.Tests.Tuning;
using Xunit.Abstractions;

namespace TrainingService.Api.Tests.MultiProcess;

/// <summary>
/// A tuning job across real processes: the Api (which trains nothing) and two single-job Workers; the worker running
/// a trial is killed mid-epoch. The trial is fetched again after the invisibility timeout and resumes, its end starts
/// the next trial as any trial's does, and the tuning job ends with every trial created and trained exactly once.
/// </summary>
[Collection(MultiProcessCollection.Name)]
public sealed class TuningCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int InvisibilityTimeoutSeconds = 30;
    private const int Epochs = 40;

    private ServiceCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ServiceCluster.CreateAsync(nameof(TuningCrashTests), new Dictionary<string, string?>
        {
            ["Hangfire__InvisibilityTimeoutSeconds"] = InvisibilityTimeoutSeconds.ToString(),
            ["Workers__WorkerCount"] = "1",
            ["Workers__EngineThreadsPerJob"] = "1",
        });
        await _cluster.StartApiAsync();
        await Task.WhenAll(_cluster.StartWorkerAsync(), _cluster.StartWorkerAsync());
    }

    public async Task DisposeAsync()
    {
        _cluster.WriteOutputs(output);
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Sigkill_WorkerMidTrial_TuningJobStillEndsWithEveryTrialExactlyOnce()
    {
        var api = _cluster.Api!.Client;
        Guid dataset = await TrainingScenario.UploadAsync(api, TrainingScenario.ClassificationCsv(3000));
        var request = TuningScenario.Request(dataset, new JsonObject
        {
            ["optimizer.learningRate"] = new JsonObject { ["type"] = "float", ["values"] = new JsonArray(0.001, 0.003, 0.01, 0.03) },
        }, epochs: Epochs);
        request["strategy"] = "grid";
        request["maxParallel"] = 2;
        request["batchSize"] = 8;

        Guid id = await TuningScenario.StartAsync(api, request);
        var running = await Infrastructure.Eventually.GetAsync(() => TuningScenario.TrialsAsync(api, id),
            trials => trials.Any(t => t.GetProperty("status").GetString() == "running" && t.GetProperty("epochsCompleted").GetInt32() >= 2),
            TimeSpan.FromMinutes(3), "a trial to run 2 epochs");
        Guid victimTrial = running.First(t => t.GetProperty("status").GetString() == "running").GetProperty("trainingJobId").GetGuid();
        var servers = await _cluster.ProcessingServerIdsAsync(victimTrial);
        var victim = _cluster.ProcessOfServer(servers[^1])!;
        victim.Kill();
        output.WriteLine($"killed {victim.Name} running trial {victimTrial}");
        await _cluster.StartWorkerAsync();

        var finished = await TuningScenario.WaitUntilFinishedAsync(api, id, seconds: 600);
        var trials = await TuningScenario.TrialsAsync(api, id);

        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal([0, 1, 2, 3], trials.Select(t => t.GetProperty("trialIndex").GetInt32()).Order());
        Assert.All(trials, t => Assert.Equal("succeeded", t.GetProperty("status").GetString()));
        Assert.All(trials, t => Assert.Equal(Epochs, t.GetProperty("epochsCompleted").GetInt32()));
        await using (var db = _cluster.CreateDbContext())
            Assert.Equal(4, await db.TrainingJobs.CountAsync(j => j.TuningJobId == id));
        // The killed trial ran twice (the kill, the resume); it was not created again.
        Assert.Equal(2, (await _cluster.ProcessingServerIdsAsync(victimTrial)).Count);
        var history = await TrainingScenario.GetHistoryAsync(api, victimTrial);
        Assert.Equal(Enumerable.Range(1, Epochs), history.Select(e => e.GetProperty("epoch").GetInt32()));
    }
}
