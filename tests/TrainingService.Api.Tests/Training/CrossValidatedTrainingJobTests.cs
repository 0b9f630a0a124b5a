using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Tuning;
using TrainingService.Core.Data;
using TrainingService.Core.Training;
using TrainingService.Core.Tuning;

namespace TrainingService.Api.Tests.Training;

/// <summary><c>crossValidation</c> on POST /api/training-jobs: k fold jobs, their summary, then the job itself on every row.</summary>
public sealed class CrossValidatedTrainingJobTests(TuningApiFactory factory) : IClassFixture<TuningApiFactory>
{
    [Fact]
    public async Task Create_ThreeStratifiedFolds_TrainsThreeFoldsThenTheJobOnEveryRowForTheirMeanBestEpoch()
    {
        var client = factory.CreateClient();
        // A learning rate high enough that the folds' validation loss bottoms out well before the last epoch.
        var (model, dataset) = await ModelAndDatasetAsync(client, TrainingScenario.ClassificationCsv(90), TrainingScenario.Model("classification", "label", hiddenUnits: 32, learningRate: 0.2));

        var response = await client.PostAsJsonAsync("/api/training-jobs", Request(model, dataset, folds: 3, epochs: 30));
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Guid id = created.GetProperty("id").GetGuid();
        Assert.Equal("queued", created.GetProperty("status").GetString());
        Assert.Equal(3, created.GetProperty("crossValidation").GetProperty("folds").GetInt32());

        var job = await TrainingScenario.WaitUntilFinishedAsync(client, id, seconds: 240);
        var cv = job.GetProperty("crossValidation");
        var folds = cv.GetProperty("foldJobs").EnumerateArray().ToArray();
        var foldJobs = new List<JsonElement>();
        foreach (var fold in folds)
            foldJobs.Add(await TrainingScenario.GetJobAsync(client, fold.GetProperty("trainingJobId").GetGuid()));

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal("succeeded", cv.GetProperty("status").GetString());
        Assert.Equal([0, 1, 2], folds.Select(f => f.GetProperty("fold").GetInt32()));
        Assert.All(foldJobs, f => Assert.Equal("succeeded", f.GetProperty("status").GetString()));
        Assert.Equal([0, 1, 2], foldJobs.Select(f => f.GetProperty("trialFold").GetInt32()));
        // Each fold validates on a third of the rows, together every row once, and holds each class's share (±1 row).
        var validationRows = foldJobs.Select(f => f.GetProperty("evaluation").GetProperty("rows").GetInt32()).ToArray();
        Assert.Equal(90, validationRows.Sum());
        var classTotals = Supports(job);
        Assert.Equal(90, classTotals.Values.Sum());
        foreach (var foldJob in foldJobs)
            foreach (var (label, support) in Supports(foldJob))
                Assert.InRange(support, classTotals[label] / 3, (classTotals[label] + 2) / 3);

        // Each fold's metrics are its history's at its best epoch; the summary is their mean and sample std.
        for (int i = 0; i < folds.Length; i++)
        {
            int best = folds[i].GetProperty("bestEpoch").GetInt32();
            var history = await TrainingScenario.GetHistoryAsync(client, foldJobs[i].GetProperty("id").GetGuid());
            var epoch = history.Single(e => e.GetProperty("epoch").GetInt32() == best);
            Assert.Equal(history.Min(e => e.GetProperty("validationLoss").GetDouble()), epoch.GetProperty("validationLoss").GetDouble());
            Assert.Equal(epoch.GetProperty("validationLoss").GetDouble(), folds[i].GetProperty("metrics").GetProperty("validationLoss").GetDouble());
        }

        foreach (string metric in new[] { "validationLoss", "validationAccuracy" })
        {
            double[] values = [.. folds.Select(f => f.GetProperty("metrics").GetProperty(metric).GetDouble())];
            double mean = values.Average();
            double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
            Assert.Equal(mean, cv.GetProperty("metrics").GetProperty(metric).GetProperty("mean").GetDouble(), 9);
            Assert.Equal(std, cv.GetProperty("metrics").GetProperty(metric).GetProperty("std").GetDouble(), 9);
        }

        // The job itself: every row, for the rounded mean of the folds' best epochs, and what its model predicts with.
        int finalEpochs = Math.Max(1, (int)Math.Round(folds.Average(f => f.GetProperty("bestEpoch").GetInt32()), MidpointRounding.AwayFromZero));
        Assert.True(finalEpochs < 30, $"the folds' best epochs ({string.Join(", ", folds.Select(f => f.GetProperty("bestEpoch")))}) should come before the last");
        Assert.Equal(finalEpochs, cv.GetProperty("finalEpochs").GetInt32());
        Assert.Equal(finalEpochs, job.GetProperty("epochs").GetInt32());
        Assert.Equal(finalEpochs, (await TrainingScenario.GetHistoryAsync(client, id)).Length);
        Assert.Equal("train", job.GetProperty("evaluation").GetProperty("source").GetString());
        Assert.Equal(90, job.GetProperty("evaluation").GetProperty("rows").GetInt32());
        var modelRow = await client.GetFromJsonAsync<JsonElement>($"/api/models/{model}");
        Assert.Equal(id, modelRow.GetProperty("latestTrainingJobId").GetGuid());
        // The folds trained their own copy of the model: the user's model never predicts with a fold.
        Assert.All(foldJobs, f => Assert.NotEqual(model, f.GetProperty("modelId").GetGuid()));
    }

    [Fact]
    public async Task Create_SameSeedTwice_SameFoldsAndSameFoldResults()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await ModelAndDatasetAsync(client, TrainingScenario.ClassificationCsv(60, seed: 5), TrainingScenario.Model("classification", "label", hiddenUnits: 4));

        var first = await RunAsync(client, Request(model, dataset, folds: 2, epochs: 2, seed: 11));
        var second = await RunAsync(client, Request(model, dataset, folds: 2, epochs: 2, seed: 11));
        var other = await RunAsync(client, Request(model, dataset, folds: 2, epochs: 2, seed: 12));

        // The same seed deals the same rows to each fold (same class counts, and the same training bit for bit).
        Assert.Equal(first.Supports, second.Supports);
        Assert.Equal(first.Losses, second.Losses);
        Assert.NotEqual(first.Losses, other.Losses);
    }

    [Theory]
    [InlineData(1, "between 2 and 20")]
    [InlineData(21, "between 2 and 20")]
    [InlineData(31, "rows / classes")]
    public async Task Create_FoldCountOutOfRange_Is400NamingCrossValidationFolds(int folds, string message)
    {
        var client = factory.CreateClient();
        // 90 rows in 3 classes: at most 30 stratified folds by rows / classes (20 by the limit, which says so first).
        var (model, dataset) = await ModelAndDatasetAsync(client, TrainingScenario.ClassificationCsv(90), TrainingScenario.Model("classification", "label"));
        var request = Request(model, dataset, folds, epochs: 1);

        var response = await client.PostAsJsonAsync("/api/training-jobs", request);
        var dryRun = await client.PostAsJsonAsync("/api/training-jobs/validate", request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, string.Join(" ", await TrainingScenario.ErrorsAsync(response, "crossValidation.folds")));
        Assert.Equal(HttpStatusCode.BadRequest, dryRun.StatusCode);
        Assert.Contains(message, string.Join(" ", await TrainingScenario.ErrorsAsync(dryRun, "crossValidation.folds")));
    }

    [Fact]
    public async Task Create_MoreStratifiedFoldsThanRowsPerClass_Is400NamingCrossValidationFolds()
    {
        var client = factory.CreateClient();
        // 12 rows, 3 classes: 4 stratified folds at most; unstratified, 12.
        var (model, dataset) = await ModelAndDatasetAsync(client, TrainingScenario.Csv("x,label", 12, i => $"{i},{"abc"[i % 3]}"), TrainingScenario.Model("classification", "label"));

        var stratified = await client.PostAsJsonAsync("/api/training-jobs", Request(model, dataset, folds: 5, epochs: 1));
        var unstratified = Request(model, dataset, folds: 5, epochs: 1);
        unstratified["crossValidation"]!["stratified"] = false;
        var plain = await client.PostAsJsonAsync("/api/training-jobs/validate", unstratified);

        Assert.Equal(HttpStatusCode.BadRequest, stratified.StatusCode);
        Assert.Contains("at most 4 stratified folds", (await TrainingScenario.ErrorsAsync(stratified, "crossValidation.folds"))[0]);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }

    [Fact]
    public async Task Create_WithValidationDatasetOrInitFromJob_Is400NamingCrossValidation()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await ModelAndDatasetAsync(client, TrainingScenario.ClassificationCsv(30), TrainingScenario.Model("classification", "label"));
        var withValidation = Request(model, dataset, folds: 3, epochs: 1);
        withValidation["validationDatasetId"] = dataset;
        var continued = Request(model, dataset, folds: 3, epochs: 1);
        continued["initFromJobId"] = Guid.NewGuid();

        var first = await client.PostAsJsonAsync("/api/training-jobs", withValidation);
        var second = await client.PostAsJsonAsync("/api/training-jobs", continued);

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Contains("validationDatasetId", (await TrainingScenario.ErrorsAsync(first, "crossValidation"))[0]);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("initFromJobId", (await TrainingScenario.ErrorsAsync(second, "crossValidation"))[0]);
    }

    [Fact]
    public async Task Cancel_WhileFoldsRun_CancelsTheJobAndItsFolds_DeleteWasRefusedMeanwhile()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await ModelAndDatasetAsync(client, TrainingScenario.ClassificationCsv(300), TrainingScenario.Model("classification", "label"));
        Guid id = await TrainingScenario.StartJobAsync(client, Request(model, dataset, folds: 3, epochs: 100_000));

        var running = await TrainingScenario.WaitForJobAsync(client, id,
            j => j.GetProperty("crossValidation").GetProperty("foldJobs").EnumerateArray().Any(f => f.GetProperty("status").GetString() == "running"),
            "a fold to run", seconds: 120);
        var delete = await client.DeleteAsync($"/api/training-jobs/{id}");
        var cancel = await client.PostAsync($"/api/training-jobs/{id}/cancel", null);
        var foldIds = running.GetProperty("crossValidation").GetProperty("foldJobs").EnumerateArray().Select(f => f.GetProperty("trainingJobId").GetGuid()).ToList();
        var folds = new List<JsonElement>();
        foreach (var fold in foldIds)
            folds.Add(await TrainingScenario.WaitUntilFinishedAsync(client, fold, seconds: 60));
        // Let the coordinator step that the folds' ends trigger run: it must start no fold and release nothing.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var job = await TrainingScenario.GetJobAsync(client, id);
        var tuning = await TuningScenario.GetAsync(client, job.GetProperty("crossValidation").GetProperty("tuningJobId").GetGuid());

        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("cancelled", job.GetProperty("status").GetString());
        Assert.Equal(0, job.GetProperty("epochsCompleted").GetInt32());
        Assert.All(folds, f => Assert.Equal("cancelled", f.GetProperty("status").GetString()));
        Assert.Equal(foldIds.Count, job.GetProperty("crossValidation").GetProperty("foldJobs").GetArrayLength());
        Assert.Equal("cancelled", tuning.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/training-jobs/{id}")).StatusCode);
    }

    [Fact]
    public async Task Create_AFoldCancelledOnItsOwn_TheJobFailsWithoutTrainingAndSaysWhy()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await ModelAndDatasetAsync(client, TrainingScenario.ClassificationCsv(300), TrainingScenario.Model("classification", "label"));
        var request = Request(model, dataset, folds: 2, epochs: 100_000);
        request["maxRuntimeSeconds"] = 600;
        Guid id = await TrainingScenario.StartJobAsync(client, request);

        var running = await TrainingScenario.WaitForJobAsync(client, id,
            j => j.GetProperty("crossValidation").GetProperty("foldJobs").GetArrayLength() == 2, "both folds to be queued", seconds: 120);
        Assert.Null(running.GetProperty("queuePosition").GetString());
        foreach (var fold in running.GetProperty("crossValidation").GetProperty("foldJobs").EnumerateArray())
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/training-jobs/{fold.GetProperty("trainingJobId").GetGuid()}/cancel", null)).StatusCode);
        var job = await TrainingScenario.WaitUntilFinishedAsync(client, id, seconds: 120);

        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Equal(0, job.GetProperty("epochsCompleted").GetInt32());
        Assert.Contains("no final model", job.GetProperty("error").GetString());
        Assert.Equal("cancelled", job.GetProperty("crossValidation").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Sweep_FirstStepLostToACrash_RunsTheFoldsThenTheWaitingJobOnce()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await ModelAndDatasetAsync(client, TrainingScenario.ClassificationCsv(60), TrainingScenario.Model("classification", "label", hiddenUnits: 4));
        Guid original = await TrainingScenario.StartJobAsync(client, Request(model, dataset, folds: 2, epochs: 3));
        await TrainingScenario.WaitUntilFinishedAsync(client, original);

        // What a crash right after the POST's commit leaves: the waiting job and its tuning job, no step queued. Both
        // look old, so a sweep that took the waiting job for a lost trial would train it at once.
        Guid waiting = Guid.CreateVersion7();
        Guid lost = Guid.CreateVersion7();
        await using (var scope = factory.CreateTenantScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
            var job = await db.TrainingJobs.AsNoTracking().SingleAsync(j => j.Id == original);
            var tuning = await db.TuningJobs.AsNoTracking().SingleAsync(t => t.CrossValidatedJobId == original);
            var old = DateTimeOffset.UtcNow - TuningCoordinator.OrphanAge - TimeSpan.FromMinutes(1);
            db.TrainingJobs.Add(new TrainingJob
            {
                Id = waiting, ModelId = job.ModelId, DatasetId = job.DatasetId, RecordedDatasetId = job.RecordedDatasetId,
                RecordedDatasetName = job.RecordedDatasetName, RecordedDatasetRowCount = job.RecordedDatasetRowCount,
                Status = TrainingJobStatus.Queued, Parameters = job.Parameters with { Epochs = 3 }, Epochs = 3, Plan = job.Plan,
                PlannedMemoryBytes = job.PlannedMemoryBytes, CreatedAt = old,
            });
            db.TuningJobs.Add(new TuningJob
            {
                Id = lost, Name = tuning.Name, BaseModelId = tuning.BaseModelId, BaseDefinition = tuning.BaseDefinition, Training = tuning.Training,
                DatasetId = tuning.DatasetId, Objective = tuning.Objective, Strategy = tuning.Strategy, SearchSpace = tuning.SearchSpace,
                Pruning = tuning.Pruning, CrossValidation = tuning.CrossValidation, CrossValidatedJobId = waiting, MaxParallel = tuning.MaxParallel,
                Seed = tuning.Seed, TotalTrials = 1, Status = TrainingJobStatus.Queued, CreatedAt = old,
            });
            await db.SaveChangesAsync();
        }

        await factory.Services.GetRequiredService<TuningCoordinator>().SweepAsync(CancellationToken.None);
        var ended = await TrainingScenario.WaitUntilFinishedAsync(client, waiting, seconds: 240);
        var cv = ended.GetProperty("crossValidation");

        Assert.Equal("succeeded", ended.GetProperty("status").GetString());
        Assert.Equal(2, cv.GetProperty("foldJobs").GetArrayLength());
        Assert.All(cv.GetProperty("foldJobs").EnumerateArray(), f => Assert.Equal("succeeded", f.GetProperty("status").GetString()));
        Assert.Equal(cv.GetProperty("finalEpochs").GetInt32(), ended.GetProperty("epochs").GetInt32());
        Assert.Equal(cv.GetProperty("finalEpochs").GetInt32(), (await TrainingScenario.GetHistoryAsync(client, waiting)).Length);
        Assert.Single(ended.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("status").GetString() == "running");
        // The tuning job ends in the step that follows the job's run.
        Assert.Equal("succeeded", (await TuningScenario.WaitUntilFinishedAsync(client, lost, seconds: 60)).GetProperty("status").GetString());
    }

    private static async Task<(Guid Model, Guid Dataset)> ModelAndDatasetAsync(HttpClient client, string csv, JsonObject model) =>
        (await TrainingScenario.CreateModelAsync(client, model), await TrainingScenario.UploadAsync(client, csv));

    private static JsonObject Request(Guid model, Guid dataset, int folds, int epochs, long? seed = null)
    {
        var request = new JsonObject
        {
            ["modelId"] = model,
            ["datasetId"] = dataset,
            ["epochs"] = epochs,
            ["batchSize"] = 16,
            ["crossValidation"] = new JsonObject { ["folds"] = folds },
        };
        if (seed is not null)
            request["seed"] = seed;
        return request;
    }

    /// <summary>Runs a cross-validated job to its end; per fold its validation rows' class counts and its validation losses.</summary>
    private static async Task<(string Supports, string Losses)> RunAsync(HttpClient client, JsonObject request)
    {
        Guid id = await TrainingScenario.StartJobAsync(client, request);
        var job = await TrainingScenario.WaitUntilFinishedAsync(client, id, seconds: 240);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        var supports = new List<string>();
        var losses = new List<string>();
        foreach (var fold in job.GetProperty("crossValidation").GetProperty("foldJobs").EnumerateArray())
        {
            Guid foldId = fold.GetProperty("trainingJobId").GetGuid();
            supports.Add(string.Join(",", Supports(await TrainingScenario.GetJobAsync(client, foldId)).OrderBy(s => s.Key, StringComparer.Ordinal)));
            losses.Add(string.Join(",", (await TrainingScenario.GetHistoryAsync(client, foldId)).Select(e => e.GetProperty("validationLoss").GetDouble().ToString("R"))));
        }

        return (string.Join(";", supports), string.Join(";", losses));
    }

    /// <summary>The rows per class a succeeded job's evaluation scored.</summary>
    private static Dictionary<string, int> Supports(JsonElement job) =>
        job.GetProperty("evaluation").GetProperty("classification").GetProperty("perClass").EnumerateArray()
            .ToDictionary(c => c.GetProperty("label").GetString()!, c => c.GetProperty("support").GetInt32());
}
