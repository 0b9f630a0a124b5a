using System.Text.Json.Nodes;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Training;

/// <summary>Continue training through the Api's in-process Hangfire workers, as a client would use it.</summary>
public sealed class ContinueTrainingWorkerTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ResumeOptimizer_WithStepDecay_OnWorkers_BitIdenticalToOneLongerJob()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.RegressionCsv(400));
        var definition = TrainingScenario.Model("regression", "target");
        definition["optimizer"] = new JsonObject { ["type"] = "adamw", ["learningRate"] = 0.02 };
        Guid model = await TrainingScenario.CreateModelAsync(client, definition);
        // Step decay halves the rate every 2 epochs: the continued job must read it at its epoch numbers (5, 6, 7).
        var schedule = new { type = "step", stepSize = 2, gamma = 0.5 };

        Guid first = await TrainAsync(client, new { modelId = model, datasetId = dataset, epochs = 4, learningRateSchedule = schedule });
        Guid continued = await TrainAsync(client, new { modelId = model, datasetId = dataset, epochs = 3, learningRateSchedule = schedule, initFromJobId = first, resumeOptimizer = true });
        Guid straight = await TrainAsync(client, new { modelId = model, datasetId = dataset, epochs = 7, learningRateSchedule = schedule });

        Assert.Equal(await client.GetByteArrayAsync($"/api/training-jobs/{straight}/model"), await client.GetByteArrayAsync($"/api/training-jobs/{continued}/model"));
        var history = await TrainingScenario.GetHistoryAsync(client, continued);
        Assert.Equal([5, 6, 7], history.Select(e => e.GetProperty("epoch").GetInt32()));
        Assert.Equal((await TrainingScenario.GetHistoryAsync(client, straight))[4..].Select(e => e.GetProperty("learningRate").GetDouble()),
            history.Select(e => e.GetProperty("learningRate").GetDouble()));
    }

    private static async Task<Guid> TrainAsync(HttpClient client, object request)
    {
        Guid job = await TrainingScenario.StartJobAsync(client, request);
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job);
        Assert.True(finished.GetProperty("status").GetString() == "succeeded", finished.ToString());
        return job;
    }
}
