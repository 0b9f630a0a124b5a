using System.Net.Http.Json;
using System.Text.Json;
using TrainingService.Core.Training;

namespace TrainingService.Api.Tests.Training;

/// <summary>The plan worked out before a job runs against the network the worker actually trained and stored.</summary>
public sealed class TrainingJobPlanTrainedTests(Infrastructure.ApiFactory factory) : IClassFixture<Infrastructure.ApiFactory>
{
    [Fact]
    public async Task Train_TinyJob_PlanLayersAndParametersEqualTheTrainedModelFilesNetwork()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(120));
        var definition = TrainingScenario.Model("classification", "label", hiddenUnits: 8);
        definition["layers"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["type"] = "dropout", ["rate"] = 0.1 });
        definition["layers"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["type"] = "batchNormalization" });
        Guid model = await TrainingScenario.CreateModelAsync(client, definition);
        var request = new { modelId = model, datasetId = dataset, epochs = 2 };

        var dryRun = await (await client.PostAsJsonAsync("/api/training-jobs/validate", request)).Content.ReadFromJsonAsync<JsonElement>();
        Guid job = await TrainingScenario.StartJobAsync(client, request);
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job);
        Assert.True(finished.GetProperty("status").GetString() == "succeeded", finished.ToString());
        var (_, network) = TrainedModelFormat.Read(await client.GetByteArrayAsync($"/api/training-jobs/{job}/model"), maxBatchSize: 1);
        var trained = network.Summary();

        var plan = finished.GetProperty("plan");
        Assert.Equal(trained.TotalParameters, plan.GetProperty("parameters").GetInt64());
        Assert.Equal(trained.TotalParameters, dryRun.GetProperty("plan").GetProperty("parameters").GetInt64());
        Assert.Equal(trained.InputSize, plan.GetProperty("inputWidth").GetInt32());
        Assert.Equal(
            trained.Layers.Select(l => $"{l.Index} {l.Name} {l.Type} {l.OutputSize} {l.ParameterCount}"),
            plan.GetProperty("layers").EnumerateArray().Select(l =>
                $"{l.GetProperty("index")} {l.GetProperty("name")} {l.GetProperty("type")} {l.GetProperty("outputSize")} {l.GetProperty("parameterCount")}"));
    }
}
