using System.Net;
using System.Net.Http.Json;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Training;

public sealed class TrainingJobFlowTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Train_Classification_SucceedsWithHistoryMetricsAndModel()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(400));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));

        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 40, batchSize = 16, validationSplit = 0.25 });
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job);

        Assert.True(finished.GetProperty("status").GetString() == "succeeded", finished.ToString());
        Assert.Equal("completed", finished.GetProperty("stopReason").GetString());
        Assert.Equal(40, finished.GetProperty("epochsCompleted").GetInt32());
        Assert.Equal(1.0, finished.GetProperty("progress").GetDouble());
        Assert.True(finished.GetProperty("metrics").GetProperty("accuracy").GetDouble() >= 0.85, finished.ToString());
        Assert.InRange(finished.GetProperty("metrics").GetProperty("f1").GetDouble(), 0.8, 1.0);
        var history = await TrainingScenario.GetHistoryAsync(client, job);
        Assert.Equal(Enumerable.Range(1, 40), history.Select(h => h.GetProperty("epoch").GetInt32()));
        Assert.True(history[^1].GetProperty("trainLoss").GetDouble() < history[0].GetProperty("trainLoss").GetDouble());
        Assert.All(history, h => Assert.True(h.GetProperty("validationLoss").GetDouble() > 0));

        var modelResponse = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/models/{model}");
        Assert.Equal(job, modelResponse.GetProperty("latestTrainingJobId").GetGuid());
        byte[] trained = await client.GetByteArrayAsync($"/api/training-jobs/{job}/model");
        Assert.Equal("TSMODEL\0"u8.ToArray(), trained[..8]);
    }

    [Fact]
    public async Task Train_Regression_FitsLinearFunction()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.RegressionCsv(300));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("regression", "target"));

        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 60, batchSize = 16, validationSplit = 0.2 });
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job);

        Assert.True(finished.GetProperty("status").GetString() == "succeeded", finished.ToString());
        var metrics = finished.GetProperty("metrics");
        Assert.True(metrics.GetProperty("r2").GetDouble() >= 0.95, finished.ToString());
        // rmse is reported in the target's own units (its std is about 2.1), not in standardized ones.
        Assert.True(metrics.GetProperty("rmse").GetDouble() < 0.5, finished.ToString());
    }

    [Fact]
    public async Task Create_TargetMissingFromDataset_Returns400NamingDataset()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.RegressionCsv(20));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));

        var response = await client.PostAsJsonAsync("/api/training-jobs", new { modelId = model, datasetId = dataset, epochs = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors");
        Assert.Contains("'label'", errors.GetProperty("datasetId")[0].GetString());
        Assert.Contains("epochs", errors.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Create_RegressionOnCategoricalTarget_Returns400()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(20));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("regression", "label"));

        var response = await client.PostAsJsonAsync("/api/training-jobs", new { modelId = model, datasetId = dataset });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("numeric target", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Create_UnknownModelAndDataset_Returns400NamingBoth()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/training-jobs", new { modelId = Guid.NewGuid(), datasetId = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("modelId", out _));
        Assert.True(errors.TryGetProperty("datasetId", out _));
    }

    [Fact]
    public async Task Create_UnknownScheduleAndMonitor_Returns400ListingAllowedValues()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/training-jobs", new
        {
            modelId = Guid.NewGuid(),
            datasetId = Guid.NewGuid(),
            earlyStopping = new { monitor = "accuracy" },
            learningRateSchedule = new { type = "linear" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors");
        Assert.Equal("Unknown schedule 'linear'. Allowed: constant, step, exponential, cosine, reduceOnPlateau.",
            errors.GetProperty("learningRateSchedule.type")[0].GetString());
        Assert.Equal("Unknown monitor 'accuracy'. Allowed: validationLoss, trainLoss.", errors.GetProperty("earlyStopping.monitor")[0].GetString());
    }

    [Fact]
    public async Task Get_UnknownJob_Returns404Problem()
    {
        var response = await factory.CreateClient().GetAsync($"/api/training-jobs/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
