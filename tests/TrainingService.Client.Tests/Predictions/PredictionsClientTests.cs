using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Client.Tests.Infrastructure;

namespace TrainingService.Client.Tests.Predictions;

public sealed class PredictionsClientTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly TrainingServiceClient client = factory.CreateTrainingServiceClient();

    [Fact]
    public async Task CreateAsync_RowsAndDataset_StoredListedReadAndDeleted()
    {
        var (dataset, model, job) = await ClientScenario.TrainAsync(client);

        var fromRows = await client.Predictions.CreateAsync(model.Id, PredictionRequest.ForRows(
        [
            new Dictionary<string, object?> { ["sepal_length"] = 5.0, ["sepal_width"] = 3.4, ["petal_length"] = 1.5, ["petal_width"] = 0.2 },
            new Dictionary<string, object?> { ["sepal_length"] = 6.7, ["sepal_width"] = 3.0, ["petal_length"] = 5.6, ["petal_width"] = 2.1, ["species"] = "virginica" },
        ]));
        Assert.Equal(job.Id, fromRows.TrainingJobId);
        Assert.Equal(2, fromRows.RowCount);
        Assert.All(fromRows.Predictions, p => Assert.Equal(1.0, p.Probabilities!.Values.Sum(), 4));
        Assert.Contains(fromRows.Predictions[0].Label, new[] { "setosa", "versicolor", "virginica" });
        Assert.Equal(EvaluationSource.Input, fromRows.Evaluation!.Source);

        var fromDataset = await client.Predictions.CreateAsync(model.Id, PredictionRequest.ForDataset(dataset.Id) with { TrainingJobId = job.Id });
        Assert.Equal(dataset.RowCount, fromDataset.RowCount);
        Assert.NotNull(fromDataset.Metrics);

        var listed = await client.Predictions.ListAsync(model.Id);
        Assert.Equal(2, listed.Total);
        Assert.Equal([fromDataset.Id, fromRows.Id], listed.Items.Select(p => p.Id));

        var page = await client.Predictions.GetAsync(model.Id, fromDataset.Id, offset: 10, limit: 5);
        Assert.Equal(10, page.Offset);
        Assert.Equal(fromDataset.Predictions.Skip(10).Take(5).Select(p => p.Label), page.Predictions.Select(p => p.Label));

        await client.Predictions.DeleteAsync(model.Id, fromRows.Id);
        var gone = await Assert.ThrowsAsync<TrainingServiceException>(() => client.Predictions.GetAsync(model.Id, fromRows.Id));
        Assert.True(gone.IsNotFound);
    }

    [Fact]
    public async Task CreateAsync_AsyncDataset_QueuedThenSucceededAndDownloadedAsCsv()
    {
        var (dataset, model, _) = await ClientScenario.TrainAsync(client);

        var queued = await client.Predictions.CreateAsync(model.Id, PredictionRequest.ForDatasetAsync(dataset.Id));
        var finished = queued;
        for (int polls = 0; !finished.IsFinished && polls < 300; polls++)
        {
            await Task.Delay(200);
            finished = await client.Predictions.GetAsync(model.Id, queued.Id);
        }

        using var csv = new MemoryStream();
        await client.Predictions.DownloadCsvAsync(model.Id, queued.Id, csv);
        string[] lines = System.Text.Encoding.UTF8.GetString(csv.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(PredictionStatus.Queued, queued.Status);
        Assert.Empty(queued.Predictions);
        Assert.Equal(PredictionStatus.Succeeded, finished.Status);
        Assert.Equal(dataset.RowCount, finished.RowsScored);
        Assert.NotNull(finished.Metrics);
        Assert.Equal("row,label,p_setosa,p_versicolor,p_virginica", lines[0]);
        Assert.Equal(dataset.RowCount + 1, lines.Length);
        Assert.Equal(finished.Predictions[0].Label, lines[1].Split(',')[1]);
        var conflict = await Assert.ThrowsAsync<TrainingServiceException>(() => client.Predictions.CancelAsync(model.Id, queued.Id));
        Assert.True(conflict.IsConflict);
    }

    [Fact]
    public async Task CreateAsync_UntrainedModel_ThrowsConflict()
    {
        var model = await client.Models.CreateAsync(ClientScenario.Classifier("untrained"));

        var error = await Assert.ThrowsAsync<TrainingServiceException>(() =>
            client.Predictions.CreateAsync(model.Id, PredictionRequest.ForRows([new Dictionary<string, object?> { ["sepal_length"] = 1 }])));

        Assert.True(error.IsConflict);
        Assert.Equal("The model is not trained.", error.Title);
    }
}
