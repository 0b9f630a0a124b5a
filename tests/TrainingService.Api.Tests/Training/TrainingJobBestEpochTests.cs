using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Training;

public sealed class TrainingJobBestEpochTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Finish_EarlyStoppingOnTrainLoss_BestValidationLossIsThatOfTheBestEpoch()
    {
        // Early stopping picks its best epoch by the training loss, which keeps falling while the validation loss
        // of a small, noisy dataset does not: the lowest validation loss belongs to another epoch.
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(120, seed: 5));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label", hiddenUnits: 64, learningRate: 0.05));
        Guid job = await TrainingScenario.StartJobAsync(client, new
        {
            modelId = model, datasetId = dataset, epochs = 60, batchSize = 8, validationSplit = 0.5,
            earlyStopping = new { monitor = "trainLoss", patience = 60 },
        });

        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job);
        var history = await TrainingScenario.GetHistoryAsync(client, job);

        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        int best = finished.GetProperty("bestEpoch").GetInt32();
        double bestEpochLoss = history[best - 1].GetProperty("validationLoss").GetDouble();
        Assert.Equal(bestEpochLoss, finished.GetProperty("bestValidationLoss").GetDouble());
        // The case this guards: the best epoch is not the one with the lowest validation loss.
        Assert.NotEqual(history.Min(h => h.GetProperty("validationLoss").GetDouble()), bestEpochLoss);
    }
}
