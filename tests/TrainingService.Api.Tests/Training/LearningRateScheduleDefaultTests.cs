using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Training;

/// <summary>A schedule that names no gamma gets the engine's default for its type, not one of the service's own.</summary>
public sealed class LearningRateScheduleDefaultTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Train_ExponentialScheduleWithoutGamma_DecaysByTheEngineDefaultPerEpoch()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.RegressionCsv(64));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("regression", "target", learningRate: 0.01));

        Guid job = await TrainingScenario.StartJobAsync(client, new
        {
            modelId = model, datasetId = dataset, epochs = 3, validationSplit = 0,
            learningRateSchedule = new { type = "exponential" },
        });
        await TrainingScenario.WaitUntilFinishedAsync(client, job);

        var rates = (await TrainingScenario.GetHistoryAsync(client, job)).Select(h => h.GetProperty("learningRate").GetDouble()).ToArray();
        Assert.Equal([0.01, 0.0095, 0.009025], rates, (a, b) => Math.Abs(a - b) < 1e-9);
    }
}
