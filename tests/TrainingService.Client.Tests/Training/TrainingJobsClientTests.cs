using System.Net;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Client.Tests.Infrastructure;

namespace TrainingService.Client.Tests.Training;

public sealed class TrainingJobsClientTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly TrainingServiceClient client = factory.CreateTrainingServiceClient();

    [Fact]
    public async Task ValidateAsync_AcceptableRequest_ReturnsThePlanAndStoresNothing()
    {
        // A categorical feature, so the plan has a one-hot encoding to read back.
        string csv = "size,colour,label\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i},{(i % 2 == 0 ? "red" : "blue")},{(i < 20 ? "low" : "high")}\n"));
        var dataset = await ClientScenario.UploadAsync(client, csv);
        var model = await client.Models.CreateAsync(ClientScenario.Classifier() with { TargetColumn = "label" });

        var dryRun = await client.TrainingJobs.ValidateAsync(new TrainingJobRequest(model.Id, dataset.Id)
        {
            Epochs = 4,
            EarlyStopping = new EarlyStopping(Patience: 2),
            LearningRateSchedule = new LearningRateSchedule("cosine", MinLearningRate: 0.0001),
        });

        Assert.Equal("label", dryRun.Plan.TargetColumn);
        Assert.Equal(LossFunction.BinaryCrossEntropy, dryRun.Plan.Loss);
        Assert.Equal(OutputActivation.Sigmoid, dryRun.Plan.OutputActivation);
        Assert.Equal(1, dryRun.Plan.OutputUnits);
        Assert.Equal(
            [new PlannedFeature("size", ColumnType.Numeric, PlannedEncoding.Standardized, 1), new PlannedFeature("colour", ColumnType.Categorical, PlannedEncoding.OneHot, 2)],
            dryRun.Plan.Features);
        Assert.Equal(3, dryRun.Plan.InputWidth);
        Assert.Equal(4, dryRun.Options.Epochs);
        Assert.Equal(2, dryRun.Options.EarlyStopping!.Patience);
        Assert.Equal("cosine", dryRun.Options.LearningRateSchedule.Type);
        Assert.True(dryRun.PlannedMemoryBytes > 0);
        Assert.Equal(0, (await client.TrainingJobs.ListAsync(modelId: model.Id)).Total);
    }

    [Fact]
    public async Task CreateAsync_UnknownColumn_ThrowsValidationErrorNamingTheField()
    {
        var dataset = await ClientScenario.UploadAsync(client, ClientScenario.IrisCsv);
        var model = await client.Models.CreateAsync(new CreateModelRequest("wrong target", ModelTask.Classification, "no_such_column"));

        var error = await Assert.ThrowsAsync<TrainingServiceException>(() =>
            client.TrainingJobs.CreateAsync(new TrainingJobRequest(model.Id, dataset.Id)));

        Assert.True(error.IsValidationError);
        Assert.NotEmpty(error.Errors);
        Assert.Contains(error.Errors.Values.SelectMany(m => m), m => m.Contains("no_such_column", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TrainedJob_ListHistoryDownloadAndDelete()
    {
        var (dataset, model, job) = await ClientScenario.TrainAsync(client, epochs: 5);

        Assert.Equal(5, job.EpochsCompleted);
        Assert.Equal(1.0, job.Progress);
        Assert.Equal(dataset.Id, job.Dataset.Id);
        Assert.False(job.Dataset.Deleted);
        var evaluation = job.Evaluation!.Classification!;
        Assert.Equal(3, evaluation.Labels.Count);
        Assert.Equal(job.Evaluation.Rows, evaluation.ConfusionMatrix.Sum(row => row.Sum()));

        var listed = await client.TrainingJobs.ListAsync(modelId: model.Id, datasetId: dataset.Id, status: TrainingJobStatus.Succeeded);
        Assert.Equal([job.Id], listed.Items.Select(j => j.Id));
        Assert.Equal(0, (await client.TrainingJobs.ListAsync(modelId: model.Id, status: TrainingJobStatus.Failed)).Total);

        var first = await client.TrainingJobs.GetHistoryAsync(job.Id, since: 0, limit: 2);
        Assert.Equal([1, 2], first.Epochs.Select(e => e.Epoch));
        Assert.Equal(2, first.NextSince);
        var last = await client.TrainingJobs.GetHistoryAsync(job.Id, since: 4, limit: 2);
        Assert.Equal([5], last.Epochs.Select(e => e.Epoch));
        Assert.Null(last.NextSince);
        var all = await client.TrainingJobs.GetAllHistoryAsync(job.Id, pageSize: 2).ToListAsync();
        Assert.Equal([1, 2, 3, 4, 5], all.Select(e => e.Epoch));
        Assert.All(all, e => Assert.True(e.TrainLoss > 0 && e.ValidationLoss > 0));

        var file = new MemoryStream();
        await client.TrainingJobs.DownloadModelAsync(job.Id, file);
        Assert.True(file.Length > 100, $"model file of {file.Length} bytes");
        Assert.Equal("TSMODEL\0"u8.ToArray(), file.ToArray()[..8]);

        var finished = await Assert.ThrowsAsync<TrainingServiceException>(() => client.TrainingJobs.CancelAsync(job.Id));
        Assert.Equal(HttpStatusCode.Conflict, finished.StatusCode);
        Assert.True(finished.IsConflict);

        await client.TrainingJobs.DeleteAsync(job.Id);
        var gone = await Assert.ThrowsAsync<TrainingServiceException>(() => client.TrainingJobs.GetAsync(job.Id));
        Assert.True(gone.IsNotFound);
        var noFile = await Assert.ThrowsAsync<TrainingServiceException>(() => client.TrainingJobs.DownloadModelAsync(job.Id, new MemoryStream()));
        Assert.True(noFile.IsNotFound);
    }

    [Fact]
    public async Task CancelAsync_LongJob_EndsCancelledAndDeleteThenSucceeds()
    {
        var dataset = await ClientScenario.UploadAsync(client, ClientScenario.IrisCsv);
        var model = await client.Models.CreateAsync(ClientScenario.Classifier("to cancel"));
        var queued = await client.TrainingJobs.CreateAsync(new TrainingJobRequest(model.Id, dataset.Id) { Epochs = 100_000, BatchSize = 8 });
        Assert.Equal(TrainingJobStatus.Queued, queued.Status);

        var unfinished = await Assert.ThrowsAsync<TrainingServiceException>(() => client.TrainingJobs.DeleteAsync(queued.Id));
        Assert.True(unfinished.IsConflict);
        var noModelYet = await Assert.ThrowsAsync<TrainingServiceException>(() => client.TrainingJobs.DownloadModelAsync(queued.Id, new MemoryStream()));
        Assert.True(noModelYet.IsConflict);

        var cancelling = await client.TrainingJobs.CancelAsync(queued.Id);
        Assert.Equal(queued.Id, cancelling.Id);
        var ended = await ClientScenario.FinishedAsync(client, queued.Id);
        Assert.Equal(TrainingJobStatus.Cancelled, ended.Status);

        await client.TrainingJobs.DeleteAsync(queued.Id);
    }
}
