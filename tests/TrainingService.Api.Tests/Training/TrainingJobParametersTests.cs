using System.Net.Http.Json;
using System.Text.Json;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Training;

public sealed class TrainingJobParametersTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Train_EarlyStoppingOnNoisyLabels_StopsEarlyWithBestEpoch()
    {
        var client = factory.CreateClient();
        // Labels independent of the features: validation loss stops improving almost at once.
        string csv = "x,label\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"{i % 17},{(i * 7919 % 13 < 6 ? "a" : "b")}\n"));
        Guid dataset = await TrainingScenario.UploadAsync(client, csv);
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label", learningRate: 0.05));

        Guid job = await TrainingScenario.StartJobAsync(client, new
        {
            modelId = model, datasetId = dataset, epochs = 200, batchSize = 8, validationSplit = 0.3,
            earlyStopping = new { monitor = "validationLoss", patience = 3, minDelta = 0.0, restoreBestWeights = true },
        });
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job);

        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal("earlyStopping", finished.GetProperty("stopReason").GetString());
        int completed = finished.GetProperty("epochsCompleted").GetInt32();
        int best = finished.GetProperty("bestEpoch").GetInt32();
        Assert.True(completed < 200);
        Assert.Equal(completed - 3, best);
        var history = await TrainingScenario.GetHistoryAsync(client, job);
        double bestLoss = history.Min(h => h.GetProperty("validationLoss").GetDouble());
        Assert.Equal(bestLoss, finished.GetProperty("bestValidationLoss").GetDouble(), 9);
    }

    [Fact]
    public async Task Train_HugeLearningRate_FailsAsDiverged()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.RegressionCsv(100));
        var definition = TrainingScenario.Model("regression", "target");
        definition["optimizer"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "sgd", ["learningRate"] = 1e6 };
        Guid model = await TrainingScenario.CreateModelAsync(client, definition);

        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 50 });
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job);

        Assert.Equal("failed", finished.GetProperty("status").GetString());
        Assert.Equal("diverged", finished.GetProperty("stopReason").GetString());
        Assert.Contains("learning rate", finished.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Train_MaxRuntimeReached_SucceedsWithMaxRuntimeReason()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(2000));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label", hiddenUnits: 64));

        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 100_000, batchSize = 4, maxRuntimeSeconds = 2 });
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job);

        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal("maxRuntime", finished.GetProperty("stopReason").GetString());
        Assert.True(finished.GetProperty("epochsCompleted").GetInt32() < 100_000);
        Assert.True((await client.GetAsync($"/api/training-jobs/{job}/model")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Train_StepSchedule_HalvesLearningRateEveryTwoEpochs()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.RegressionCsv(64));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("regression", "target", learningRate: 0.01));

        Guid job = await TrainingScenario.StartJobAsync(client, new
        {
            modelId = model, datasetId = dataset, epochs = 6, validationSplit = 0,
            learningRateSchedule = new { type = "step", stepSize = 2, gamma = 0.5 },
        });
        await TrainingScenario.WaitUntilFinishedAsync(client, job);

        var rates = (await TrainingScenario.GetHistoryAsync(client, job)).Select(h => h.GetProperty("learningRate").GetDouble()).ToArray();
        Assert.Equal([0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025], rates, (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public async Task Train_SeparateValidationDataset_ReportsValidationOnIt()
    {
        var client = factory.CreateClient();
        Guid train = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(300, seed: 3));
        Guid validation = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(100, seed: 4));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));

        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = train, validationDatasetId = validation, epochs = 30, batchSize = 16 });
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job);

        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal(validation, finished.GetProperty("validationDatasetId").GetGuid());
        Assert.True(finished.GetProperty("validationLoss").GetDouble() > 0);
        Assert.True(finished.GetProperty("metrics").GetProperty("accuracy").GetDouble() >= 0.8, finished.ToString());
    }

    [Fact]
    public async Task List_FilteredByModelAndStatus_ReturnsOnlyMatchingJobs()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.RegressionCsv(40));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("regression", "target"));
        Guid other = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("regression", "target"));
        Guid first = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 1 });
        Guid second = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 1 });
        await TrainingScenario.StartJobAsync(client, new { modelId = other, datasetId = dataset, epochs = 1 });
        await TrainingScenario.WaitUntilFinishedAsync(client, first);
        await TrainingScenario.WaitUntilFinishedAsync(client, second);

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/training-jobs?modelId={model}&status=succeeded&limit=1");
        var invalid = await client.GetAsync("/api/training-jobs?limit=0");

        Assert.Equal(2, page.GetProperty("total").GetInt64());
        Assert.Equal(second, page.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, invalid.StatusCode);
    }
}
