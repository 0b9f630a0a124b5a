using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Training;

namespace TrainingService.Api.Tests.Predictions;

/// <summary>An Api with one classification and one regression model already trained, for prediction tests.</summary>
public class TrainedModelFactory : ApiFactory
{
    public Guid ClassifierId { get; private set; }

    public Guid ClassifierJobId { get; private set; }

    public Guid ClassificationDatasetId { get; private set; }

    public Guid RegressorId { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var client = CreateClient();
        ClassificationDatasetId = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(400));
        ClassifierId = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));
        ClassifierJobId = await TrainAsync(client, ClassifierId, ClassificationDatasetId, epochs: 40);
        Guid regressionData = await TrainingScenario.UploadAsync(client, TrainingScenario.RegressionCsv(300));
        RegressorId = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("regression", "target"));
        await TrainAsync(client, RegressorId, regressionData, epochs: 60);
    }

    private static async Task<Guid> TrainAsync(HttpClient client, Guid model, Guid dataset, int epochs)
    {
        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs, batchSize = 16 });
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job);
        if (finished.GetProperty("status").GetString() != "succeeded")
            throw new InvalidOperationException($"Training for the prediction tests failed: {finished}");
        return job;
    }
}
