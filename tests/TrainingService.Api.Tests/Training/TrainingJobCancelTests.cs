using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Training;

public sealed class TrainingJobCancelTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Cancel_RunningJob_StopsWithinABatchAsCancelled()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(2000));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label", hiddenUnits: 64));
        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 100_000, batchSize = 8 });
        await TrainingScenario.WaitForJobAsync(client, job, j => j.GetProperty("epochsCompleted").GetInt32() >= 1, "the first epoch");

        var cancel = await client.PostAsync($"/api/training-jobs/{job}/cancel", null);
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job, seconds: 60);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("cancelled", finished.GetProperty("status").GetString());
        Assert.Equal("cancelled", finished.GetProperty("stopReason").GetString());
        Assert.True(finished.GetProperty("epochsCompleted").GetInt32() < 100_000);
        var again = await client.PostAsync($"/api/training-jobs/{job}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var modelAfter = await client.GetFromJsonAsync<JsonElement>($"/api/models/{model}");
        Assert.Equal(JsonValueKind.Null, modelAfter.GetProperty("latestTrainingJobId").ValueKind);
    }

    [Fact]
    public async Task Cancel_UnknownJob_Returns404()
    {
        var response = await factory.CreateClient().PostAsync($"/api/training-jobs/{Guid.NewGuid()}/cancel", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
