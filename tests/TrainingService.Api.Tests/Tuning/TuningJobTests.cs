using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Core.Data;
using TrainingService.Core.Events;
using TrainingService.Core.Training;
using TrainingService.Core.Tuning;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Training;

namespace TrainingService.Api.Tests.Tuning;

public sealed class TuningJobTests(TuningApiFactory factory) : IClassFixture<TuningApiFactory>
{
    [Fact]
    public async Task Grid2x2_RunsExactlyFourTrialsWithTheGridsParameters()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(120));
        var request = TuningScenario.Request(dataset, new JsonObject
        {
            ["optimizer.learningRate"] = new JsonObject { ["type"] = "float", ["values"] = new JsonArray(0.01, 0.05) },
            ["layers[0].units"] = new JsonObject { ["type"] = "int", ["values"] = new JsonArray(4, 8) },
        });
        request["strategy"] = "grid";
        request["maxParallel"] = 2;

        Guid id = await TuningScenario.StartAsync(client, request);
        var finished = await TuningScenario.WaitUntilFinishedAsync(client, id);
        var trials = await TuningScenario.TrialsAsync(client, id);

        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal(4, finished.GetProperty("trials").GetProperty("succeeded").GetInt32());
        Assert.Equal(4, finished.GetProperty("trials").GetProperty("created").GetInt32());
        Assert.Equal([0, 1, 2, 3], trials.Select(t => t.GetProperty("trialIndex").GetInt32()).Order());
        // Row-major over the paths in ordinal order: layers[0].units, then optimizer.learningRate varying fastest.
        var expected = new[] { ("0.01", "4"), ("0.05", "4"), ("0.01", "8"), ("0.05", "8") };
        Assert.Equal(expected, trials.OrderBy(t => t.GetProperty("trialIndex").GetInt32())
            .Select(t => (TuningScenario.Parameters(t)["optimizer.learningRate"], TuningScenario.Parameters(t)["layers[0].units"])));
        foreach (var trial in trials)
        {
            // Each trial is an ordinary training job whose model is the base with the trial's values written in.
            var job = await TrainingScenario.GetJobAsync(client, trial.GetProperty("trainingJobId").GetGuid());
            var model = await client.GetFromJsonAsync<JsonElement>($"/api/models/{job.GetProperty("modelId").GetGuid()}");
            Assert.Equal(id, job.GetProperty("tuningJobId").GetGuid());
            Assert.Equal(trial.GetProperty("trialIndex").GetInt32(), job.GetProperty("trialIndex").GetInt32());
            Assert.Equal(trial.GetProperty("parameters").GetRawText(), job.GetProperty("trialParameters").GetRawText());
            Assert.Equal(double.Parse(TuningScenario.Parameters(trial)["optimizer.learningRate"], System.Globalization.CultureInfo.InvariantCulture),
                model.GetProperty("optimizer").GetProperty("learningRate").GetDouble());
            Assert.Equal(int.Parse(TuningScenario.Parameters(trial)["layers[0].units"], System.Globalization.CultureInfo.InvariantCulture),
                model.GetProperty("layers")[0].GetProperty("units").GetInt32());
        }

        // Best first, and the tuning job's best trial is the leaderboard's top.
        var objectives = trials.Select(t => t.GetProperty("objective").GetDouble()).ToArray();
        Assert.Equal(objectives.Order(), objectives);
        Assert.Equal(trials[0].GetProperty("trainingJobId").GetGuid(), finished.GetProperty("bestTrial").GetProperty("trainingJobId").GetGuid());
    }

    [Fact]
    public async Task RandomSearch_SameSeed_SamplesTheSameParametersWithinTheRangesAndTrainsTheSameTrials()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(80));
        JsonObject Request(long seed)
        {
            var request = TuningScenario.Request(dataset, new JsonObject
            {
                ["optimizer.learningRate"] = new JsonObject { ["type"] = "float", ["min"] = 0.0001, ["max"] = 0.1, ["scale"] = "log" },
                ["layers[0].units"] = new JsonObject { ["type"] = "int", ["min"] = 2, ["max"] = 64, ["scale"] = "log" },
                ["batchSize"] = new JsonObject { ["type"] = "categorical", ["values"] = new JsonArray(8, 16, 32) },
            }, epochs: 1);
            request["maxTrials"] = 4;
            request["maxParallel"] = 2;
            request["seed"] = seed;
            request["baseModel"]!.AsObject().Remove("seed");
            return request;
        }

        Guid first = await TuningScenario.StartAsync(client, Request(11));
        Guid second = await TuningScenario.StartAsync(client, Request(11));
        Guid other = await TuningScenario.StartAsync(client, Request(12));
        foreach (var id in new[] { first, second, other })
            Assert.Equal("succeeded", (await TuningScenario.WaitUntilFinishedAsync(client, id)).GetProperty("status").GetString());

        async Task<List<Dictionary<string, string>>> SampledAsync(Guid id) =>
            (await TuningScenario.TrialsAsync(client, id)).OrderBy(t => t.GetProperty("trialIndex").GetInt32()).Select(TuningScenario.Parameters).ToList();
        var a = await SampledAsync(first);
        var b = await SampledAsync(second);
        var c = await SampledAsync(other);

        Assert.Equal(4, a.Count);
        Assert.Equal(a, b);
        // The inline base model names no seed: the tuning seed stands in, so the same trial trains the same weights.
        async Task<double[]> ObjectivesAsync(Guid id) =>
            [.. (await TuningScenario.TrialsAsync(client, id)).OrderBy(t => t.GetProperty("trialIndex").GetInt32()).Select(t => t.GetProperty("objective").GetDouble())];
        Assert.Equal(await ObjectivesAsync(first), await ObjectivesAsync(second));
        Assert.NotEqual(a, c);
        Assert.True(a.Select(p => p["optimizer.learningRate"]).Distinct().Count() > 1, "every trial sampled the same learning rate");
        foreach (var p in a.Concat(c))
        {
            double rate = double.Parse(p["optimizer.learningRate"], System.Globalization.CultureInfo.InvariantCulture);
            int units = int.Parse(p["layers[0].units"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(rate, 0.0001, 0.1);
            Assert.InRange(units, 2, 64);
            Assert.Contains(p["batchSize"], new[] { "8", "16", "32" });
        }
    }

    [Fact]
    public async Task MaxParallel_SixTrialsOnThreeWorkers_NeverMoreThanTwoQueuedOrRunning()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(150));
        var request = TuningScenario.Request(dataset, new JsonObject
        {
            ["optimizer.learningRate"] = new JsonObject { ["type"] = "float", ["min"] = 0.001, ["max"] = 0.05 },
        }, epochs: 5);
        request["maxTrials"] = 6;
        request["maxParallel"] = 2;

        Guid id = await TuningScenario.StartAsync(client, request);
        var finished = await TuningScenario.WaitUntilFinishedAsync(client, id);
        var trials = await TuningScenario.TrialsAsync(client, id);

        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal(6, trials.Length);
        // In flight from creation (queued) to finish; at each trial's creation count those in flight, itself included.
        var spans = trials.Select(t => (Created: t.GetProperty("createdAt").GetDateTimeOffset(), Started: t.GetProperty("startedAt").GetDateTimeOffset(),
            Finished: t.GetProperty("finishedAt").GetDateTimeOffset())).ToArray();
        int mostQueuedOrRunning = spans.Max(s => spans.Count(o => o.Created <= s.Created && s.Created < o.Finished));
        int mostRunning = spans.Max(s => spans.Count(o => o.Started <= s.Started && s.Started < o.Finished));
        Assert.Equal(2, mostQueuedOrRunning);
        Assert.InRange(mostRunning, 1, 2);
    }

    /// <summary>
    /// Many short epochs: the pruner polls the stored history every 500 ms, so the bad trial must run for seconds
    /// (a tiny epoch takes a few milliseconds) to be certain to be seen before it completes.
    /// </summary>
    private const int Epochs = 2000;

    [Fact]
    public async Task Pruning_LearningRateTen_StopsThatTrialEarlyAsPruned()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(200));
        var request = TuningScenario.Request(dataset, new JsonObject
        {
            ["optimizer.learningRate"] = new JsonObject { ["type"] = "float", ["values"] = new JsonArray(0.01, 0.012, 10) },
        }, epochs: Epochs);
        request["strategy"] = "grid";
        request["maxParallel"] = 1;
        request["pruning"] = new JsonObject { ["warmupEpochs"] = 1, ["startupTrials"] = 2 };

        Guid id = await TuningScenario.StartAsync(client, request);
        var finished = await TuningScenario.WaitUntilFinishedAsync(client, id, seconds: 600);
        var trials = await TuningScenario.TrialsAsync(client, id);
        var bad = trials.Single(t => TuningScenario.Parameters(t)["optimizer.learningRate"] == "10");

        Assert.Equal("pruned", bad.GetProperty("stopReason").GetString());
        Assert.Equal("cancelled", bad.GetProperty("status").GetString());
        Assert.InRange(bad.GetProperty("epochsCompleted").GetInt32(), 2, Epochs - 1);
        Assert.Equal(1, finished.GetProperty("trials").GetProperty("pruned").GetInt32());
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.NotEqual(bad.GetProperty("trainingJobId").GetGuid(), finished.GetProperty("bestTrial").GetProperty("trainingJobId").GetGuid());
        var job = await TrainingScenario.GetJobAsync(client, bad.GetProperty("trainingJobId").GetGuid());
        Assert.Equal("pruned", job.GetProperty("stopReason").GetString());
    }

    [Fact]
    public async Task Sweep_JobReleasedAsAFinalJobMomentsAgo_IsNotQueuedASecondTime()
    {
        // What a coordinator step leaves between releasing a cross-validated job (submitted long ago) and handing it
        // to Hangfire: a queued job of an old creation time, no Hangfire job yet, and its release event just written.
        var (_, released) = await UnhandedTrialAsync(TimeSpan.FromMinutes(10));
        await using (var scope = factory.CreateTenantScope())
            await TrainingJobEventLog.AppendStatusAsync(scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>(), released,
                new(TrainingJobStatus.Queued, "released", null, null), DateTimeOffset.UtcNow, CancellationToken.None);

        await factory.Services.GetRequiredService<TuningCoordinator>().SweepAsync(CancellationToken.None);

        await using (var scope = factory.CreateTenantScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
            var job = await db.TrainingJobs.AsNoTracking().SingleAsync(j => j.Id == released);
            Assert.Null(job.HangfireJobId);
            Assert.Equal(TrainingJobStatus.Queued, job.Status);
        }
    }

    [Fact]
    public async Task Sweep_StepAndTrialHandOffLostToACrash_QueuesTheTrialAndFinishesTheTuningJob()
    {
        var client = factory.CreateClient();
        // What a crash leaves: a tuning job whose step committed trial 0 and died before handing it to Hangfire.
        var (lost, orphan) = await UnhandedTrialAsync(TimeSpan.FromMinutes(1));

        using (var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection())
            Assert.Contains(connection.GetRecurringJobs(), j => j.Id == TuningCoordinator.SweepJobId);
        await factory.Services.GetRequiredService<TuningCoordinator>().SweepAsync(CancellationToken.None);
        var finished = await TuningScenario.WaitUntilFinishedAsync(client, lost);
        var trials = await TuningScenario.TrialsAsync(client, lost);

        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal(orphan, Assert.Single(trials).GetProperty("trainingJobId").GetGuid());
        Assert.Equal("succeeded", trials[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task CrossValidation_ThreeFoldsOfOneModel_MeanAndStdOverStratifiedFoldsThenAFinalModelOnEveryRow()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(90));
        var request = TuningScenario.Request(dataset, [], epochs: 8);
        request.Remove("searchSpace");
        request["crossValidation"] = new JsonObject { ["folds"] = 3 };
        request["objective"] = new JsonObject { ["metric"] = "validationAccuracy" };
        request["maxParallel"] = 3;

        Guid id = await TuningScenario.StartAsync(client, request);
        var finished = await TuningScenario.WaitUntilFinishedAsync(client, id);
        var trial = Assert.Single(await TuningScenario.TrialsAsync(client, id));
        var folds = trial.GetProperty("folds").EnumerateArray().ToArray();
        var jobs = new List<JsonElement>();
        foreach (var fold in folds)
            jobs.Add(await TrainingScenario.GetJobAsync(client, fold.GetProperty("trainingJobId").GetGuid()));
        var final = await TrainingScenario.GetJobAsync(client, finished.GetProperty("finalTrainingJobId").GetGuid());

        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal([0, 1, 2], folds.Select(f => f.GetProperty("fold").GetInt32()));
        Assert.Equal([0, 1, 2], jobs.Select(j => j.GetProperty("trialFold").GetInt32()));
        // Each fold validates on a third of the rows (stratified: each class's share, ±1 row), together every row once.
        var validationRows = jobs.Select(j => j.GetProperty("evaluation").GetProperty("rows").GetInt32()).ToArray();
        Assert.Equal(90, validationRows.Sum());
        Assert.All(validationRows, rows => Assert.InRange(rows, 29, 31));
        Assert.All(jobs, j => Assert.Equal("validation", j.GetProperty("evaluation").GetProperty("source").GetString()));
        double[] objectives = [.. folds.Select(f => f.GetProperty("objective").GetDouble())];
        double mean = objectives.Average();
        double std = Math.Sqrt(objectives.Sum(o => (o - mean) * (o - mean)) / 2);
        Assert.Equal(mean, trial.GetProperty("objective").GetDouble(), 9);
        Assert.Equal(std, trial.GetProperty("objectiveStd").GetDouble(), 9);
        // The final model: every row, for the folds' mean best epoch count, and the one its model now predicts with.
        int meanBestEpoch = (int)Math.Round(folds.Average(f => f.GetProperty("objectiveEpoch").GetInt32()), MidpointRounding.AwayFromZero);
        Assert.Equal("succeeded", final.GetProperty("status").GetString());
        Assert.Equal(Math.Max(1, meanBestEpoch), final.GetProperty("epochs").GetInt32());
        Assert.Equal("train", final.GetProperty("evaluation").GetProperty("source").GetString());
        Assert.Equal(90, final.GetProperty("evaluation").GetProperty("rows").GetInt32());
        var model = await client.GetFromJsonAsync<JsonElement>($"/api/models/{trial.GetProperty("modelId").GetGuid()}");
        Assert.Equal(final.GetProperty("id").GetGuid(), model.GetProperty("latestTrainingJobId").GetGuid());
        // Three fold jobs are one trial, in the list as on the job (the final job is no trial).
        var listed = (await client.GetFromJsonAsync<JsonElement>("/api/tuning-jobs?limit=100")).GetProperty("items").EnumerateArray()
            .Single(t => t.GetProperty("id").GetGuid() == id);
        foreach (var counts in new[] { listed.GetProperty("trials"), finished.GetProperty("trials") })
        {
            Assert.Equal(1, counts.GetProperty("succeeded").GetInt32());
            Assert.Equal(1, counts.GetProperty("created").GetInt32());
            Assert.Equal(0, counts.GetProperty("running").GetInt32() + counts.GetProperty("queued").GetInt32() + counts.GetProperty("failed").GetInt32());
        }

        // Promotion serves the final model (every row), not a fold's.
        var promoted = await (await client.PostAsync($"/api/tuning-jobs/{id}/promote", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(final.GetProperty("id").GetGuid(), promoted.GetProperty("trainingJobId").GetGuid());
        Assert.Equal(trial.GetProperty("modelId").GetGuid(), promoted.GetProperty("modelId").GetGuid());
    }

    [Fact]
    public async Task Cancel_RunningTuningJob_CancelsTheRunningTrialKeepsTheFinishedOneAndStartsNoMore()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(300));
        // Trial 0 trains 2 epochs and finishes; trial 1 would train for hours; trial 2 must never start.
        var request = TuningScenario.Request(dataset, new JsonObject
        {
            ["epochs"] = new JsonObject { ["type"] = "int", ["values"] = new JsonArray(2, 100_000, 100_000) },
        });
        request["strategy"] = "grid";
        request["maxParallel"] = 1;

        Guid id = await TuningScenario.StartAsync(client, request);
        var running = await Eventually.GetAsync(() => TuningScenario.TrialsAsync(client, id),
            t => t.Any(x => x.GetProperty("trialIndex").GetInt32() == 1 && x.GetProperty("epochsCompleted").GetInt32() >= 1),
            TimeSpan.FromSeconds(120), "trial 1 to train an epoch");
        var cancel = await client.PostAsync($"/api/tuning-jobs/{id}/cancel", null);
        Guid trial1 = running.Single(t => t.GetProperty("trialIndex").GetInt32() == 1).GetProperty("trainingJobId").GetGuid();
        var stopped = await TrainingScenario.WaitUntilFinishedAsync(client, trial1, seconds: 60);
        // Let the coordinator step that trial 1's end triggers run: it must start nothing.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var trials = await TuningScenario.TrialsAsync(client, id);
        var tuning = await TuningScenario.GetAsync(client, id);
        var again = await client.PostAsync($"/api/tuning-jobs/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("cancelled", stopped.GetProperty("status").GetString());
        Assert.Equal(2, trials.Length);
        Assert.Equal("succeeded", trials.Single(t => t.GetProperty("trialIndex").GetInt32() == 0).GetProperty("status").GetString());
        Assert.Equal("cancelled", tuning.GetProperty("status").GetString());
        Assert.Equal(2, tuning.GetProperty("trials").GetProperty("created").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/tuning-jobs/{id}")).StatusCode);
        // The trials outlive the tuning job as ordinary training jobs.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/training-jobs/{trial1}")).StatusCode);
    }

    /// <summary>
    /// A finished one-trial grid search copied as a running tuning job with trial 0 queued but never handed to Hangfire,
    /// created <paramref name="pastOrphanAge"/> longer ago than the sweep's orphan age.
    /// </summary>
    private async Task<(Guid TuningJobId, Guid TrialId)> UnhandedTrialAsync(TimeSpan pastOrphanAge)
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(60));
        var request = TuningScenario.Request(dataset, new JsonObject
        {
            ["optimizer.learningRate"] = new JsonObject { ["type"] = "float", ["values"] = new JsonArray(0.01) },
        }, epochs: 2);
        request["strategy"] = "grid";
        Guid original = await TuningScenario.StartAsync(client, request);
        await TuningScenario.WaitUntilFinishedAsync(client, original);

        Guid lost = Guid.CreateVersion7();
        Guid orphan = Guid.CreateVersion7();
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        var tuning = await db.TuningJobs.AsNoTracking().SingleAsync(t => t.Id == original);
        var trial = await db.TrainingJobs.AsNoTracking().SingleAsync(j => j.TuningJobId == original);
        tuning.Id = lost;
        tuning.Status = TrainingJobStatus.Running;
        tuning.FinishedAt = null;
        db.TuningJobs.Add(tuning);
        db.TrainingJobs.Add(new TrainingJob
        {
            Id = orphan, ModelId = trial.ModelId, DatasetId = trial.DatasetId, RecordedDatasetId = trial.RecordedDatasetId,
            RecordedDatasetName = trial.RecordedDatasetName, RecordedDatasetRowCount = trial.RecordedDatasetRowCount,
            Status = TrainingJobStatus.Queued, Parameters = trial.Parameters, Epochs = trial.Epochs, Plan = trial.Plan,
            PlannedMemoryBytes = trial.PlannedMemoryBytes, CreatedAt = DateTimeOffset.UtcNow - TuningCoordinator.OrphanAge - pastOrphanAge,
            TuningJobId = lost, TrialIndex = 0, TrialParameters = trial.TrialParameters,
        });
        await db.SaveChangesAsync();
        return (lost, orphan);
    }
}
