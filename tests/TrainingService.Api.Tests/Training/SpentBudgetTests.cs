using System.Net;
using System.Net.Http.Json;

namespace TrainingService.Api.Tests.Training;

public sealed class SpentBudgetTests(SpentBudgetApiFactory factory) : IClassFixture<SpentBudgetApiFactory>
{
    [Fact]
    public async Task Run_BudgetSpentBeforeTheFirstEpoch_FailsForMaxRuntimeWithoutAModel()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(200));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));
        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 5, maxRuntimeSeconds = 3600 });

        await factory.RunJobAsync(job, CancellationToken.None);
        var ended = await TrainingScenario.GetJobAsync(client, job);

        Assert.Equal("failed", ended.GetProperty("status").GetString());
        Assert.Equal("maxRuntime", ended.GetProperty("stopReason").GetString());
        Assert.Contains("before the first epoch", ended.GetProperty("error").GetString());
        Assert.Equal(0, ended.GetProperty("epochsCompleted").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync($"/api/training-jobs/{job}/model")).StatusCode);
        var prediction = await client.PostAsJsonAsync($"/api/models/{model}/predictions", new { rows = new[] { new { x = 1.0, y = 1.0, shade = "dark" } } });
        Assert.Equal(HttpStatusCode.Conflict, prediction.StatusCode);
    }
}
