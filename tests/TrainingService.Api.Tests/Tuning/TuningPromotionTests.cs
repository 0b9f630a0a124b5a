using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Training;

namespace TrainingService.Api.Tests.Tuning;

public sealed class TuningPromotionTests(TuningApiFactory factory) : IClassFixture<TuningApiFactory>
{
    [Fact]
    public async Task Promote_FinishedSearchFromAModelId_PinsTheBestTrialsModelWhichPredictsWithItAndLeavesTheBaseAlone()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(120));
        Guid baseModel = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label", hiddenUnits: 8));
        var request = new JsonObject
        {
            ["modelId"] = baseModel,
            ["datasetId"] = dataset,
            ["epochs"] = 3,
            ["batchSize"] = 16,
            ["strategy"] = "grid",
            ["maxParallel"] = 2,
            ["objective"] = new JsonObject { ["metric"] = "validationLoss" },
            ["searchSpace"] = new JsonObject { ["optimizer.learningRate"] = new JsonObject { ["type"] = "float", ["values"] = new JsonArray(0.001, 0.05) } },
            ["pruning"] = new JsonObject { ["enabled"] = false },
        };
        Guid id = await TuningScenario.StartAsync(client, request);
        var finished = await TuningScenario.WaitUntilFinishedAsync(client, id);
        var best = finished.GetProperty("bestTrial");

        var response = await client.PostAsync($"/api/tuning-jobs/{id}/promote", null);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"promote: {(int)response.StatusCode} {body}");
        var promoted = JsonDocument.Parse(body).RootElement;
        Guid modelId = promoted.GetProperty("modelId").GetGuid();
        Guid servingJob = promoted.GetProperty("trainingJobId").GetGuid();

        Assert.Equal(best.GetProperty("modelId").GetGuid(), modelId);
        Assert.Equal(best.GetProperty("trainingJobId").GetGuid(), servingJob);
        Assert.Equal(best.GetProperty("trialIndex").GetInt32(), promoted.GetProperty("trialIndex").GetInt32());
        Assert.Equal(best.GetProperty("parameters").GetRawText(), promoted.GetProperty("parameters").GetRawText());
        Assert.Equal(baseModel, promoted.GetProperty("baseModelId").GetGuid());
        Assert.Equal($"/api/models/{modelId}/predictions", promoted.GetProperty("predictionsUrl").GetString());
        var model = await client.GetFromJsonAsync<JsonElement>($"/api/models/{modelId}");
        Assert.Equal(servingJob, model.GetProperty("productionTrainingJobId").GetGuid());
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/models/{modelId}/production/history");
        Assert.Equal(servingJob, history[0].GetProperty("trainingJobId").GetGuid());
        // The answer's model predicts with the promoted job.
        var prediction = await client.PostAsJsonAsync(promoted.GetProperty("predictionsUrl").GetString(),
            new { rows = new[] { new { x = 1.0, y = 1.0, shade = "dark" } } });
        Assert.Equal(HttpStatusCode.Created, prediction.StatusCode);
        Assert.Equal(servingJob, (await prediction.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trainingJobId").GetGuid());
        // The base model is not the trial's definition: it keeps predicting as before (no pin).
        var untouched = await client.GetFromJsonAsync<JsonElement>($"/api/models/{baseModel}");
        Assert.Equal(JsonValueKind.Null, untouched.GetProperty("productionTrainingJobId").ValueKind);
        // Promoting again is the same pin, answered the same.
        var again = await client.PostAsync($"/api/tuning-jobs/{id}/promote", null);
        Assert.Equal(servingJob, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trainingJobId").GetGuid());
    }

    [Fact]
    public async Task Promote_NoTrialSucceededYet_Is409()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(60));
        // One trial that would train for hours: nothing can have succeeded when promote is asked.
        var request = TuningScenario.Request(dataset, new JsonObject
        {
            ["optimizer.learningRate"] = new JsonObject { ["type"] = "float", ["values"] = new JsonArray(0.01) },
        }, epochs: 100_000);
        request["strategy"] = "grid";
        Guid id = await TuningScenario.StartAsync(client, request);

        var response = await client.PostAsync($"/api/tuning-jobs/{id}/promote", null);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        await client.PostAsync($"/api/tuning-jobs/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("No trial", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/tuning-jobs/{Guid.NewGuid()}/promote", null)).StatusCode);
    }
}
