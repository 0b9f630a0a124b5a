using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Training;

namespace TrainingService.Api.Tests.Models;

public sealed class ProductionPinTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly object[] Rows = [new { x = -1.9, y = -1.8, shade = "light" }];

    [Fact]
    public async Task Pin_OlderJob_PredictionsUseItUntilUnpinnedAndItCannotBeDeleted()
    {
        var client = factory.CreateClient();
        var (model, first, second) = await TrainTwiceAsync(client);

        var pin = await client.PutAsJsonAsync($"/api/models/{model}/production", new { trainingJobId = first });
        var shown = await client.GetFromJsonAsync<JsonElement>($"/api/models/{model}");
        var pinnedPrediction = await PredictAsync(client, model);
        var deletePinned = await client.DeleteAsync($"/api/training-jobs/{first}");

        Assert.Equal(HttpStatusCode.OK, pin.StatusCode);
        Assert.Equal(first, shown.GetProperty("productionTrainingJobId").GetGuid());
        Assert.Equal(second, shown.GetProperty("latestTrainingJobId").GetGuid());
        Assert.Equal(first, pinnedPrediction.GetProperty("trainingJobId").GetGuid());
        Assert.Equal(HttpStatusCode.Conflict, deletePinned.StatusCode);
        Assert.Contains($"/api/models/{model}/production", await deletePinned.Content.ReadAsStringAsync());

        var unpin = await client.DeleteAsync($"/api/models/{model}/production");
        var afterUnpin = await client.GetFromJsonAsync<JsonElement>($"/api/models/{model}");
        var latestPrediction = await PredictAsync(client, model);
        var history = (await client.GetFromJsonAsync<JsonElement[]>($"/api/models/{model}/production/history"))!;

        Assert.Equal(HttpStatusCode.NoContent, unpin.StatusCode);
        Assert.Equal(JsonValueKind.Null, afterUnpin.GetProperty("productionTrainingJobId").ValueKind);
        Assert.Equal(second, latestPrediction.GetProperty("trainingJobId").GetGuid());
        Assert.Equal(["unpin", "pin"], history.Select(h => h.GetProperty("action").GetString()));
        Assert.All(history, h => Assert.Equal(first, h.GetProperty("trainingJobId").GetGuid()));
        Assert.All(history, h => Assert.Equal("apiKey", h.GetProperty("actorKind").GetString()));
        Assert.All(history, h => Assert.False(string.IsNullOrEmpty(h.GetProperty("actorId").GetString())));
        Assert.True(history[0].GetProperty("at").GetDateTimeOffset() >= history[1].GetProperty("at").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/training-jobs/{first}")).StatusCode);
    }

    [Fact]
    public async Task Pin_AfterPredictionsWithTheLatestJob_TheNextPredictionUsesThePinnedJob()
    {
        // The Api remembers which job served a model and goes straight to it next time: the pin must still win.
        var client = factory.CreateClient();
        var (model, first, second) = await TrainTwiceAsync(client);
        var beforePin = await PredictAsync(client, model);
        var againBeforePin = await PredictAsync(client, model);

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/models/{model}/production", new { trainingJobId = first })).StatusCode);
        var afterPin = await PredictAsync(client, model);
        var stored = await client.GetFromJsonAsync<JsonElement>($"/api/models/{model}/predictions/{afterPin.GetProperty("id").GetGuid()}");

        Assert.Equal(second, beforePin.GetProperty("trainingJobId").GetGuid());
        Assert.Equal(second, againBeforePin.GetProperty("trainingJobId").GetGuid());
        Assert.Equal(first, afterPin.GetProperty("trainingJobId").GetGuid());
        Assert.Equal(first, stored.GetProperty("trainingJobId").GetGuid());
        Assert.Equal(3, await CountPredictionsAsync(client, model));
    }

    [Fact]
    public async Task Predict_NamedJobDeletedAfterAPredictionWithIt_Returns400AndStoresNothing()
    {
        var client = factory.CreateClient();
        var (model, first, _) = await TrainTwiceAsync(client);
        var named = await client.PostAsJsonAsync($"/api/models/{model}/predictions", new { rows = Rows, trainingJobId = first });
        Assert.Equal(HttpStatusCode.Created, named.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/training-jobs/{first}")).StatusCode);
        var afterDelete = await client.PostAsJsonAsync($"/api/models/{model}/predictions", new { rows = Rows, trainingJobId = first });

        Assert.Equal(HttpStatusCode.BadRequest, afterDelete.StatusCode);
        Assert.Contains("trainingJobId", await afterDelete.Content.ReadAsStringAsync());
        Assert.Equal(0, await CountPredictionsAsync(client, model));
    }

    [Fact]
    public async Task Pin_JobOfAnotherModelOrUnknown_Returns400NamingTrainingJobId()
    {
        var client = factory.CreateClient();
        var (model, _, _) = await TrainTwiceAsync(client);
        Guid otherModel = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));
        Guid otherDataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(100));
        Guid otherJob = await TrainingScenario.StartJobAsync(client, new { modelId = otherModel, datasetId = otherDataset, epochs = 1 });

        var foreign = await client.PutAsJsonAsync($"/api/models/{model}/production", new { trainingJobId = otherJob });
        var unknown = await client.PutAsJsonAsync($"/api/models/{model}/production", new { trainingJobId = Guid.NewGuid() });
        var missing = await client.PutAsJsonAsync($"/api/models/{model}/production", new { });
        var unknownModel = await client.PutAsJsonAsync($"/api/models/{Guid.NewGuid()}/production", new { trainingJobId = otherJob });

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.NotEmpty(await TrainingScenario.ErrorsAsync(foreign, "trainingJobId"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.NotEmpty(await TrainingScenario.ErrorsAsync(unknown, "trainingJobId"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.NotEmpty(await TrainingScenario.ErrorsAsync(missing, "trainingJobId"));
        Assert.Equal(HttpStatusCode.NotFound, unknownModel.StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>($"/api/models/{model}/production/history"))!);
    }

    [Fact]
    public async Task Pin_JobWithoutTrainedModel_Returns409NamingTheJob()
    {
        var client = factory.CreateClient();
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(100));
        // Queued or running for as long as the test needs: it has no trained model either way.
        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 100_000, batchSize = 1 });

        var pin = await client.PutAsJsonAsync($"/api/models/{model}/production", new { trainingJobId = job });
        await client.PostAsync($"/api/training-jobs/{job}/cancel", null);

        Assert.Equal(HttpStatusCode.Conflict, pin.StatusCode);
        var problem = await pin.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(job, problem.GetProperty("trainingJobId").GetGuid());
        await TrainingScenario.WaitUntilFinishedAsync(client, job);
    }

    [Fact]
    public async Task DeleteModel_WithPinnedJob_DeletesModelJobsAndHistory()
    {
        var client = factory.CreateClient();
        var (model, first, _) = await TrainTwiceAsync(client);
        await client.PutAsJsonAsync($"/api/models/{model}/production", new { trainingJobId = first });

        var delete = await client.DeleteAsync($"/api/models/{model}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/training-jobs/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/models/{model}/production/history")).StatusCode);
    }

    [Fact]
    public async Task Pin_AnotherTenantsModel_Returns404()
    {
        var (model, first, _) = await TrainTwiceAsync(factory.CreateClient());
        var (_, otherKey) = await factory.CreateTenantAsync("pin-other");
        using var other = factory.CreateClientWithKey(otherKey);

        var pin = await other.PutAsJsonAsync($"/api/models/{model}/production", new { trainingJobId = first });
        var history = await other.GetAsync($"/api/models/{model}/production/history");

        Assert.Equal(HttpStatusCode.NotFound, pin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, history.StatusCode);
    }

    private static async Task<(Guid Model, Guid First, Guid Second)> TrainTwiceAsync(HttpClient client)
    {
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(200));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));
        Guid first = await TrainAsync(client, model, dataset);
        Guid second = await TrainAsync(client, model, dataset);
        return (model, first, second);
    }

    private static async Task<Guid> TrainAsync(HttpClient client, Guid model, Guid dataset)
    {
        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 3, batchSize = 32 });
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job);
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        return job;
    }

    private static async Task<JsonElement> PredictAsync(HttpClient client, Guid model)
    {
        var response = await client.PostAsJsonAsync($"/api/models/{model}/predictions", new { rows = Rows });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<long> CountPredictionsAsync(HttpClient client, Guid model) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/models/{model}/predictions?limit=1")).GetProperty("total").GetInt64();
}
