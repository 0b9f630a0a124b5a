using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TrainingService.Api.Tests.Training;

/// <summary>
/// Continue training (<c>initFromJobId</c>): a job starts from a finished job's final training state. Jobs run by the
/// test's hand (no worker), so runs are sequential and deterministic; same seed and data give the same weights, and
/// models are compared byte for byte as the crash-resume and keep-best tests do.
/// </summary>
public sealed class ContinueTrainingTests(QueuedOnlyApiFactory factory) : IClassFixture<QueuedOnlyApiFactory>
{
    [Fact]
    public async Task ResumeOptimizer_ThreeThenTwoEpochs_BitIdenticalToOneJobOfFive()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await SetUpAsync(client);

        Guid first = await RunAsync(client, new { modelId = model, datasetId = dataset, epochs = 3, batchSize = 16 });
        // The final training state outlives the job (the checkpoint of its last epoch), for a job to continue from.
        Assert.Equal(3, await factory.CheckpointEpochAsync(first));
        Guid continued = await RunAsync(client, new { modelId = model, datasetId = dataset, epochs = 2, batchSize = 16, initFromJobId = first, resumeOptimizer = true });
        Guid straight = await RunAsync(client, new { modelId = model, datasetId = dataset, epochs = 5, batchSize = 16 });

        Assert.Equal(await DownloadAsync(client, straight), await DownloadAsync(client, continued));
        var job = await TrainingScenario.GetJobAsync(client, continued);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(first, job.GetProperty("initFromJobId").GetGuid());
        Assert.Equal(3, job.GetProperty("startEpoch").GetInt32());
        Assert.Equal(5, job.GetProperty("epochs").GetInt32());
        Assert.Equal(5, job.GetProperty("epochsCompleted").GetInt32());
        Assert.Equal(1.0, job.GetProperty("progress").GetDouble());
        Assert.True(job.GetProperty("options").GetProperty("resumeOptimizer").GetBoolean());
        // The history numbers on from the first job's epochs, with the same losses the straight job had.
        var history = await TrainingScenario.GetHistoryAsync(client, continued);
        Assert.Equal([4, 5], history.Select(e => e.GetProperty("epoch").GetInt32()));
        var straightHistory = await TrainingScenario.GetHistoryAsync(client, straight);
        Assert.Equal(straightHistory[3..].Select(e => e.GetProperty("trainLoss").GetDouble()), history.Select(e => e.GetProperty("trainLoss").GetDouble()));
    }

    [Fact]
    public async Task WithoutResumeOptimizer_OnANewDataset_StartsFromTheWeightsWithAFreshOptimizer()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await SetUpAsync(client);
        Guid newData = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(600, seed: 5));

        Guid first = await RunAsync(client, new { modelId = model, datasetId = dataset, epochs = 6, batchSize = 16 });
        Guid continued = await RunAsync(client, new { modelId = model, datasetId = newData, epochs = 2, batchSize = 16, initFromJobId = first });
        Guid fresh = await RunAsync(client, new { modelId = model, datasetId = newData, epochs = 2, batchSize = 16 });
        Guid resumed = await RunAsync(client, new { modelId = model, datasetId = newData, epochs = 2, batchSize = 16, initFromJobId = first, resumeOptimizer = true });

        double lastOfFirst = (await TrainingScenario.GetHistoryAsync(client, first))[^1].GetProperty("trainLoss").GetDouble();
        var history = await TrainingScenario.GetHistoryAsync(client, continued);
        Assert.Equal([7, 8], history.Select(e => e.GetProperty("epoch").GetInt32()));
        double firstOfContinued = history[0].GetProperty("trainLoss").GetDouble();
        double firstOfFresh = (await TrainingScenario.GetHistoryAsync(client, fresh))[0].GetProperty("trainLoss").GetDouble();
        // Trained weights, not a fresh start: the first epoch's loss is near where the first job ended.
        Assert.True(Math.Abs(firstOfContinued - lastOfFirst) < Math.Abs(firstOfFresh - lastOfFirst) / 3,
            $"continued {firstOfContinued}, first job's last {lastOfFirst}, fresh {firstOfFresh}");
        // The optimizer (Adam's moments and step count) and the shuffle order were fresh: not the resumed job's weights.
        Assert.NotEqual(await DownloadAsync(client, resumed), await DownloadAsync(client, continued));
        Assert.False((await TrainingScenario.GetJobAsync(client, continued)).GetProperty("options").GetProperty("resumeOptimizer").GetBoolean());
    }

    [Fact]
    public async Task InitFromAJobOfAnotherModel_Is400NamingInitFromJobId()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await SetUpAsync(client);
        Guid other = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label", hiddenUnits: 8));
        Guid first = await RunAsync(client, new { modelId = other, datasetId = dataset, epochs = 1 });

        var response = await PostBothAsync(client, new { modelId = model, datasetId = dataset, epochs = 1, initFromJobId = first });

        Assert.Contains("same model", Assert.Single(await TrainingScenario.ErrorsAsync(response, "initFromJobId")));
    }

    [Fact]
    public async Task InitFromAJobWithoutAModel_Is400NamingInitFromJobId()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await SetUpAsync(client);
        Guid cancelled = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 1 });
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/training-jobs/{cancelled}/cancel", null)).StatusCode);
        Guid queued = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 1 });

        foreach (Guid job in new[] { cancelled, queued })
        {
            var response = await PostBothAsync(client, new { modelId = model, datasetId = dataset, epochs = 1, initFromJobId = job });
            Assert.Contains("without a trained model", Assert.Single(await TrainingScenario.ErrorsAsync(response, "initFromJobId")));
        }

        var unknown = await PostBothAsync(client, new { modelId = model, datasetId = dataset, initFromJobId = Guid.NewGuid() });
        Assert.Contains("No training job", Assert.Single(await TrainingScenario.ErrorsAsync(unknown, "initFromJobId")));
        var alone = await PostBothAsync(client, new { modelId = model, datasetId = dataset, resumeOptimizer = true });
        Assert.Contains("initFromJobId", Assert.Single(await TrainingScenario.ErrorsAsync(alone, "resumeOptimizer")));
    }

    [Fact]
    public async Task NewDatasetMissingAFeatureColumn_Is400NamingTheColumn()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await SetUpAsync(client);
        Guid first = await RunAsync(client, new { modelId = model, datasetId = dataset, epochs = 1 });
        // The model takes every column but the target; the first job's preprocessing read x, y and shade.
        Guid withoutShade = await TrainingScenario.UploadAsync(client,
            TrainingScenario.Csv("x,y,label", 100, i => $"{i % 7 - 3},{i % 5 - 2},{(i % 3 == 0 ? "low" : i % 3 == 1 ? "mid" : "high")}"));

        var response = await PostBothAsync(client, new { modelId = model, datasetId = withoutShade, epochs = 1, initFromJobId = first });

        Assert.Contains("'shade'", Assert.Single(await TrainingScenario.ErrorsAsync(response, "datasetId")));
    }

    [Fact]
    public async Task ResumeOptimizer_WithAnotherScheduleType_Is400()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await SetUpAsync(client);
        Guid first = await RunAsync(client, new { modelId = model, datasetId = dataset, epochs = 1 });

        var response = await PostBothAsync(client, new
        {
            modelId = model, datasetId = dataset, epochs = 1, initFromJobId = first, resumeOptimizer = true,
            learningRateSchedule = new { type = "reduceOnPlateau" },
        });

        Assert.Contains("'constant'", Assert.Single(await TrainingScenario.ErrorsAsync(response, "learningRateSchedule.type")));
    }

    [Fact]
    public async Task DeletingTheJob_WhileAContinuedJobIsQueued_Is409_ThenDeletesItsKeptState()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await SetUpAsync(client);
        Guid first = await RunAsync(client, new { modelId = model, datasetId = dataset, epochs = 2 });
        Guid continued = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 1, initFromJobId = first });
        // The continued job's own first checkpoint is a copy of the first job's final state.
        Assert.Equal(2, await factory.CheckpointEpochAsync(continued));

        var refused = await client.DeleteAsync($"/api/training-jobs/{first}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains(continued.ToString(), await refused.Content.ReadAsStringAsync());

        await factory.RunJobAsync(continued, CancellationToken.None);
        Assert.Equal("succeeded", (await TrainingScenario.GetJobAsync(client, continued)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/training-jobs/{first}")).StatusCode);
        Assert.Null(await factory.CheckpointEpochAsync(first));
        // The continued job stands on its own: its model and its record of where it started stay.
        Assert.Equal(first, (await TrainingScenario.GetJobAsync(client, continued)).GetProperty("initFromJobId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/training-jobs/{continued}/model")).StatusCode);
    }

    private static async Task<(Guid Model, Guid Dataset)> SetUpAsync(HttpClient client)
    {
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(600));
        var definition = TrainingScenario.Model("classification", "label", hiddenUnits: 32);
        // Dropout makes the dropout generator part of the state that must carry on.
        definition["layers"]!.AsArray().Add(new JsonObject { ["type"] = "dropout", ["rate"] = 0.2 });
        return (await TrainingScenario.CreateModelAsync(client, definition), dataset);
    }

    private async Task<Guid> RunAsync(HttpClient client, object request)
    {
        Guid job = await TrainingScenario.StartJobAsync(client, request);
        await factory.RunJobAsync(job, CancellationToken.None);
        var ended = await TrainingScenario.GetJobAsync(client, job);
        Assert.True(ended.GetProperty("status").GetString() == "succeeded", $"job {job} did not succeed: {ended}");
        return job;
    }

    /// <summary>Posts to the dry run and to the create route: both refuse with 400 and the same errors.</summary>
    private static async Task<HttpResponseMessage> PostBothAsync(HttpClient client, object request)
    {
        var dryRun = await client.PostAsJsonAsync("/api/training-jobs/validate", request);
        var create = await client.PostAsJsonAsync("/api/training-jobs", request);
        Assert.Equal(HttpStatusCode.BadRequest, dryRun.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        string body = await create.Content.ReadAsStringAsync();
        Assert.Equal(await ErrorsJsonAsync(dryRun), JsonNode.Parse(body)!["errors"]!.ToJsonString());
        return new HttpResponseMessage(create.StatusCode) { Content = new StringContent(body) };
    }

    private static async Task<string> ErrorsJsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.ToJsonString();

    private static Task<byte[]> DownloadAsync(HttpClient client, Guid job) => client.GetByteArrayAsync($"/api/training-jobs/{job}/model");
}
