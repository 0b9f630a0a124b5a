using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Core.Data;
using TrainingService.Core.Training;

namespace TrainingService.Api.Tests.Training;

/// <summary>Jobs on an Api with no worker: they stay queued, so the tests decide when (and how) they run.</summary>
public sealed class QueuedTrainingJobTests(QueuedOnlyApiFactory factory) : IClassFixture<QueuedOnlyApiFactory>
{
    [Fact]
    public async Task Cancel_QueuedJob_CancelsAtOnceAndRunnerDoesNothing()
    {
        var client = factory.CreateClient();
        Guid job = await CreateJobAsync(client, epochs: 5);

        var response = await client.PostAsync($"/api/training-jobs/{job}/cancel", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        await factory.RunJobAsync(job, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("cancelled", body.GetProperty("status").GetString());
        var after = await TrainingScenario.GetJobAsync(client, job);
        Assert.Equal("cancelled", after.GetProperty("status").GetString());
        Assert.Equal(0, after.GetProperty("epochsCompleted").GetInt32());
        Assert.Empty(await TrainingScenario.GetHistoryAsync(client, job));
    }

    [Fact]
    public async Task Run_InterruptedAfterEpochThree_ResumesAndMatchesUninterruptedRun()
    {
        var client = factory.CreateClient();
        // Enough work per epoch that the shutdown lands while training, whatever the machine's load: 3,000 rows once
        // trained all 40 epochs in 0.8 s on an idle machine, before the shutdown after epoch 3 arrived.
        const int epochs = 40;
        Guid interrupted = await CreateJobAsync(client, epochs, rows: 30_000, hiddenUnits: 128);
        Guid uninterrupted = await CreateJobAsync(client, epochs, rows: 30_000, hiddenUnits: 128);

        // A host shutdown cancels the job's token: the run stops between batches of epoch 4 and throws.
        using var shutdown = new CancellationTokenSource();
        var firstRun = factory.RunJobAsync(interrupted, shutdown.Token);
        await factory.WaitForEpochAsync(interrupted, 3);
        await shutdown.CancelAsync();
        var stopped = await Record.ExceptionAsync(() => firstRun);
        var midway = await TrainingScenario.GetJobAsync(client, interrupted);
        int? checkpointMidway = await factory.CheckpointEpochAsync(interrupted);
        Assert.True(stopped is OperationCanceledException, $"the first run ended with {stopped?.GetType().Name ?? "no exception"}; job: {midway}");
        await factory.RunJobAsync(interrupted, CancellationToken.None);
        await factory.RunJobAsync(uninterrupted, CancellationToken.None);

        // Back in the queue until a worker fetches it again, and said so.
        Assert.Equal("queued", midway.GetProperty("status").GetString());
        // Handed back at shutdown: no death of a worker, so the run does not count against Workers__MaxAttempts.
        Assert.Equal(0, midway.GetProperty("attempts").GetInt32());
        Assert.Equal(1, (await TrainingScenario.GetJobAsync(client, interrupted)).GetProperty("attempts").GetInt32());
        Assert.InRange(midway.GetProperty("epochsCompleted").GetInt32(), 3, epochs - 1);
        Assert.Equal(midway.GetProperty("epochsCompleted").GetInt32(), checkpointMidway);
        // A job that kept a model keeps its last epoch's checkpoint: the final state a job may continue from (initFromJobId).
        Assert.Equal(epochs, await factory.CheckpointEpochAsync(interrupted));
        Assert.Equal(epochs, await factory.CheckpointEpochAsync(uninterrupted));
        var resumed = await TrainingScenario.GetHistoryAsync(client, interrupted);
        var straight = await TrainingScenario.GetHistoryAsync(client, uninterrupted);
        Assert.Equal(Enumerable.Range(1, epochs), resumed.Select(h => h.GetProperty("epoch").GetInt32()));
        Assert.Equal(
            straight.Select(h => h.GetProperty("trainLoss").GetDouble()),
            resumed.Select(h => h.GetProperty("trainLoss").GetDouble()));
        Assert.Equal(await DownloadAsync(client, uninterrupted), await DownloadAsync(client, interrupted));

        // Every state change in order, with its reason: the shutdown's hand-back and the resumption from the checkpoint.
        var transitions = (await TrainingScenario.GetJobAsync(client, interrupted)).GetProperty("transitions").EnumerateArray()
            .Select(t => $"{t.GetProperty("status").GetString()}: {t.GetProperty("reason").GetString()}").ToList();
        Assert.Collection(transitions,
            t => Assert.Equal("queued: queued", t),
            t => Assert.Matches(@"^running: started on worker \S+ \(attempt 1\)$", t),
            t => Assert.Equal("queued: re-queued on worker shutdown", t),
            t => Assert.Matches($@"^running: resumed after epoch {checkpointMidway} on worker \S+ \(attempt 1\)$", t),
            t => Assert.Equal("succeeded: succeeded after 40 epochs (completed)", t));
    }

    [Fact]
    public async Task Run_ResumedWithTheRunTimeOfEarlierAttemptsBeyondTheBudget_StopsForMaxRuntimeAtOnceKeepingTheCheckpointsModel()
    {
        var client = factory.CreateClient();
        const int epochs = 40;
        // As above: enough rows that the shutdown after epoch 2 lands while training on an idle machine.
        Guid job = await CreateJobAsync(client, epochs, rows: 30_000, hiddenUnits: 128, maxRuntimeSeconds: 3600);
        using var shutdown = new CancellationTokenSource();
        var firstRun = factory.RunJobAsync(job, shutdown.Token);
        await factory.WaitForEpochAsync(job, 2);
        await shutdown.CancelAsync();
        await Record.ExceptionAsync(() => firstRun);
        int? checkpointEpoch = await factory.CheckpointEpochAsync(job);
        Assert.NotNull(checkpointEpoch);
        // As if the earlier attempts had run for more than the hour the job may take.
        await factory.ExecuteAsync("UPDATE training_checkpoints SET run_time = interval '61 minutes' WHERE training_job_id = $1", job);

        await factory.RunJobAsync(job, CancellationToken.None);

        var ended = await TrainingScenario.GetJobAsync(client, job);
        Assert.Equal("succeeded", ended.GetProperty("status").GetString());
        Assert.Equal("maxRuntime", ended.GetProperty("stopReason").GetString());
        Assert.Equal(checkpointEpoch, ended.GetProperty("epochsCompleted").GetInt32());
        Assert.Equal(checkpointEpoch, (await TrainingScenario.GetHistoryAsync(client, job)).Length);
        // The model is the checkpoint's epoch: the same bytes as a job trained for exactly that many epochs.
        Guid straight = await CreateJobAsync(client, checkpointEpoch!.Value, rows: 30_000, hiddenUnits: 128);
        await factory.RunJobAsync(straight, CancellationToken.None);
        Assert.Equal(await DownloadAsync(client, straight), await DownloadAsync(client, job));
    }

    [Fact]
    public async Task Run_FinishedJobRunAgain_ChangesNothing()
    {
        var client = factory.CreateClient();
        Guid job = await CreateJobAsync(client, epochs: 2);
        await factory.RunJobAsync(job, CancellationToken.None);
        var first = await TrainingScenario.GetJobAsync(client, job);

        await factory.RunJobAsync(job, CancellationToken.None);

        var second = await TrainingScenario.GetJobAsync(client, job);
        Assert.Equal("succeeded", second.GetProperty("status").GetString());
        Assert.Equal(first.GetProperty("finishedAt").GetString(), second.GetProperty("finishedAt").GetString());
        Assert.Equal(2, (await TrainingScenario.GetHistoryAsync(client, job)).Length);
        Assert.Equal(1, second.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Run_AfterMaxAttemptsRunsDied_FailsSayingSoWithoutTraining()
    {
        var client = factory.CreateClient();
        Guid job = await CreateJobAsync(client, epochs: 10);
        // What three runs killed mid-training leave behind: claimed three times, four epochs written.
        await UpdateJobAsync(job, s => s
            .SetProperty(j => j.Status, TrainingJobStatus.Running)
            .SetProperty(j => j.Attempts, 3)
            .SetProperty(j => j.EpochsCompleted, 4));

        await factory.RunJobAsync(job, CancellationToken.None);

        var failed = await TrainingScenario.GetJobAsync(client, job);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("failed", failed.GetProperty("stopReason").GetString());
        Assert.StartsWith("The worker running this job stopped 3 times without finishing (killed or lost); last epoch 4. Workers__MaxAttempts is 3.",
            failed.GetProperty("error").GetString());
        Assert.Contains($"Its planned memory is {TrainingJobPlan.FormatBytes(failed.GetProperty("plannedMemoryBytes").GetInt64())}", failed.GetProperty("error").GetString());
        Assert.Equal(3, failed.GetProperty("attempts").GetInt32());
        Assert.Empty(await TrainingScenario.GetHistoryAsync(client, job));
    }

    [Fact]
    public async Task Run_AfterRunsDiedWithAnAttemptLeft_TrainsAndCountsTheRun()
    {
        var client = factory.CreateClient();
        Guid job = await CreateJobAsync(client, epochs: 2);
        await UpdateJobAsync(job, s => s.SetProperty(j => j.Status, TrainingJobStatus.Running).SetProperty(j => j.Attempts, 2));

        await factory.RunJobAsync(job, CancellationToken.None);

        var ended = await TrainingScenario.GetJobAsync(client, job);
        Assert.Equal("succeeded", ended.GetProperty("status").GetString());
        Assert.Equal(3, ended.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Run_CancellingJobWhoseWorkerDied_EndsCancelledWithoutTraining()
    {
        // A cancel was requested (cancelling) and then the worker died: the next fetch ends the job instead of training it.
        var client = factory.CreateClient();
        Guid job = await CreateJobAsync(client, epochs: 2);
        await UpdateJobAsync(job, s => s.SetProperty(j => j.Status, TrainingJobStatus.Cancelling).SetProperty(j => j.CancelRequested, true).SetProperty(j => j.Attempts, 1));

        await factory.RunJobAsync(job, CancellationToken.None);

        var ended = await TrainingScenario.GetJobAsync(client, job);
        Assert.Equal("cancelled", ended.GetProperty("status").GetString());
        Assert.Equal(0, ended.GetProperty("epochsCompleted").GetInt32());
        Assert.Equal("cancelled: cancel requested while no worker held the job",
            ended.GetProperty("transitions").EnumerateArray().Select(t => $"{t.GetProperty("status").GetString()}: {t.GetProperty("reason").GetString()}").Last());
    }

    [Fact]
    public async Task Run_MissingValueWithErrorPolicy_FailsOnceNamingColumnAndRow()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, "a,b,y\n1,2,3\n2,,5\n3,4,7\n4,5,9\n");
        var definition = TrainingScenario.Model("regression", "y");
        definition["preprocessing"] = new System.Text.Json.Nodes.JsonObject { ["numeric"] = "standardize", ["missing"] = "error" };
        Guid model = await TrainingScenario.CreateModelAsync(client, definition);
        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 2, validationSplit = 0 });

        await factory.RunJobAsync(job, CancellationToken.None);

        var failed = await TrainingScenario.GetJobAsync(client, job);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        string error = failed.GetProperty("error").GetString()!;
        Assert.Contains("'b'", error);
        Assert.Contains("row 2", error);
    }

    private async Task<Guid> CreateJobAsync(HttpClient client, int epochs, int rows = 300, int hiddenUnits = 16, int? maxRuntimeSeconds = null)
    {
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(rows));
        var definition = TrainingScenario.Model("classification", "label", hiddenUnits);
        definition["layers"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["type"] = "dropout", ["rate"] = 0.2 });
        Guid model = await TrainingScenario.CreateModelAsync(client, definition);
        return await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs, batchSize = 4, validationSplit = 0.2, maxRuntimeSeconds });
    }

    private async Task UpdateJobAsync(Guid job, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<TrainingJob>> set)
    {
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        Assert.Equal(1, await db.TrainingJobs.Where(j => j.Id == job).ExecuteUpdateAsync(set));
    }

    private static Task<byte[]> DownloadAsync(HttpClient client, Guid job) => client.GetByteArrayAsync($"/api/training-jobs/{job}/model");
}
