using System.Net;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Client.Tests.Infrastructure;

namespace TrainingService.Client.Tests.Tuning;

public sealed class TuningJobsClientTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly TrainingServiceClient client = factory.CreateTrainingServiceClient();

    [Fact]
    public async Task Grid_TwoPoints_RunsBothTrialsRanksThemAndDeletesTheSearchButNotItsTrials()
    {
        var dataset = await ClientScenario.UploadAsync(client, ClientScenario.IrisCsv);
        var queued = await client.TuningJobs.CreateAsync(TwoPointGrid(dataset.Id, "iris search", maxParallel: 2));
        Assert.Equal(TrainingJobStatus.Queued, queued.Status);
        Assert.Equal("iris search", queued.Name);
        Assert.Equal(2, queued.MaxTrials);
        Assert.Equal("maximize", queued.Objective.Goal);
        Assert.Equal(7, queued.BaseModel.Seed);
        Assert.Equal(16, Assert.IsType<DenseLayer>(Assert.Single(queued.BaseModel.Layers)).Units);
        Assert.Equal(2, queued.Training.Epochs);

        var finished = await Eventually.GetAsync(() => client.TuningJobs.GetAsync(queued.Id), t => t.IsFinished, TimeSpan.FromMinutes(3), $"tuning job {queued.Id} to finish");
        var trials = await client.TuningJobs.GetTrialsAsync(queued.Id);

        Assert.True(finished.Status == TrainingJobStatus.Succeeded, $"tuning job ended {finished.Status}: {finished.Error}");
        Assert.Equal(new TuningProgress(2, 2, 0, 0, 2, 0, 0, 0, 0), finished.Trials);
        Assert.Equal([0, 1], trials.Select(t => t.TrialIndex).Order());
        Assert.Equal([0.01, 0.05], trials.Select(t => t.Parameters["optimizer.learningRate"].GetDouble()).Order());
        Assert.All(trials, t => Assert.Equal(TrainingJobStatus.Succeeded, t.Status));
        // The leaderboard is best first: accuracy is maximized.
        Assert.True(trials[0].Objective >= trials[1].Objective, $"objectives {trials[0].Objective}, {trials[1].Objective}");
        Assert.Equal(trials[0].TrainingJobId, finished.BestTrial!.TrainingJobId);

        var trialJob = await client.TrainingJobs.GetAsync(trials[1].TrainingJobId);
        Assert.Equal(queued.Id, trialJob.TuningJobId);
        Assert.Equal(trials[1].TrialIndex, trialJob.TrialIndex);
        Assert.Equal(trials[1].Parameters["optimizer.learningRate"].GetDouble(), trialJob.TrialParameters!["optimizer.learningRate"].GetDouble());
        Assert.Null(trialJob.TrialFold);
        Assert.Null(trialJob.Options.Fold);
        var trialModel = await client.Models.GetAsync(trials[1].ModelId);
        Assert.Equal(trials[1].Parameters["optimizer.learningRate"].GetDouble(), trialModel.Optimizer.LearningRate);

        // The stored base, every default filled in, goes back as a model of its own unchanged.
        var copy = await client.Models.CreateAsync(finished.BaseModel.ToCreateModelRequest("copy of the base"));
        var b = finished.BaseModel;
        Assert.Equal((b.Task, b.TargetColumn, b.Loss, b.HuberDelta, b.Optimizer, b.Regularization, b.Initializer, b.Preprocessing, b.Seed),
            (copy.Task, copy.TargetColumn, copy.Loss, copy.HuberDelta, copy.Optimizer, copy.Regularization, copy.Initializer, copy.Preprocessing, copy.Seed));
        Assert.Equal(b.Layers, copy.Layers);

        var listed = await client.TuningJobs.ListAsync(limit: 100);
        var inList = Assert.Single(listed.Items, t => t.Id == queued.Id);
        Assert.Null(inList.BestTrial);
        Assert.Equal(2, inList.Trials.Succeeded);

        var promotion = await client.TuningJobs.PromoteAsync(queued.Id);
        Assert.Equal((finished.BestTrial.ModelId, finished.BestTrial.TrainingJobId), (promotion.ModelId, promotion.TrainingJobId));
        Assert.Equal(promotion.TrainingJobId, (await client.Models.GetAsync(promotion.ModelId)).ProductionTrainingJobId);
        Assert.Equal($"/api/models/{promotion.ModelId}/predictions", promotion.PredictionsUrl);

        var ended = await Assert.ThrowsAsync<TrainingServiceException>(() => client.TuningJobs.CancelAsync(queued.Id));
        Assert.Equal(HttpStatusCode.Conflict, ended.StatusCode);

        await client.TuningJobs.DeleteAsync(queued.Id);
        var gone = await Assert.ThrowsAsync<TrainingServiceException>(() => client.TuningJobs.GetAsync(queued.Id));
        Assert.True(gone.IsNotFound);
        Assert.True((await Assert.ThrowsAsync<TrainingServiceException>(() => client.TuningJobs.GetTrialsAsync(queued.Id))).IsNotFound);
        Assert.Equal(TrainingJobStatus.Succeeded, (await client.TrainingJobs.GetAsync(trials[0].TrainingJobId)).Status);
    }

    [Fact]
    public async Task WatchAsync_TwoPointGrid_StateFirstEveryTrialsEpochsAndEndsThenCompletes()
    {
        var dataset = await ClientScenario.UploadAsync(client, ClientScenario.IrisCsv);
        var queued = await client.TuningJobs.CreateAsync(TwoPointGrid(dataset.Id, "watched search", maxParallel: 1));

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var events = new List<TuningJobEvent>();
        await foreach (var e in client.TuningJobs.WatchAsync(queued.Id, cancellationToken: timeout.Token))
            events.Add(e);

        Assert.Equal(queued.Id, Assert.IsType<TuningStateEvent>(events[0]).TuningJobId);
        var end = Assert.IsType<TuningEndEvent>(events[^1]);
        Assert.Equal(TrainingJobStatus.Succeeded, end.Status);
        var trials = await client.TuningJobs.GetTrialsAsync(queued.Id);
        Assert.Equal(trials[0].TrainingJobId, end.BestTrainingJobId);
        foreach (var trial in trials)
        {
            var statuses = events.OfType<TrialStatusEvent>().Where(t => t.TrainingJobId == trial.TrainingJobId).ToList();
            Assert.Equal([TrainingJobStatus.Queued, TrainingJobStatus.Running, TrainingJobStatus.Succeeded], statuses.Select(t => t.Status));
            Assert.All(statuses, t => Assert.Equal(trial.TrialIndex, t.TrialIndex));
            Assert.Equal(trial.Objective, statuses[^1].Objective);
            Assert.Equal([1, 2], events.OfType<TrialEpochEvent>().Where(t => t.TrainingJobId == trial.TrainingJobId).Select(t => t.Epoch));
        }
        // Trial events carry their log ids, in order, to resume after.
        var ids = events.Where(e => e is TrialStatusEvent or TrialEpochEvent).Select(e => e.Id!.Value).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(TrainingJobStatus.Succeeded, events.OfType<TuningStateEvent>().Last().Status);
    }

    /// <summary>Also sends a search over whole layer stacks: the service refuses a layer without its <c>type</c>, so a 202 shows the stacks went out as layers.</summary>
    [Fact]
    public async Task CancelAsync_RunningSearch_EndsCancelledThenDeletes()
    {
        var dataset = await ClientScenario.UploadAsync(client, ClientScenario.IrisCsv);
        var model = await client.Models.CreateAsync(ClientScenario.Classifier("stored base"));
        var queued = await client.TuningJobs.CreateAsync(new TuningJobRequest(dataset.Id)
        {
            ModelId = model.Id,
            Epochs = 100_000,
            BatchSize = 8,
            MaxTrials = 3,
            SearchSpace = new Dictionary<string, SearchDimension>
            {
                ["layers"] = SearchDimension.LayerStacks([new DenseLayer(4)], [new DenseLayer(8, Activation.Tanh), new DropoutLayer(0.1)]),
            },
        });
        Assert.Equal(model.Id, queued.BaseModelId);
        Assert.Equal(2, queued.SearchSpace["layers"].Values!.Count);
        Assert.Equal("dropout", queued.SearchSpace["layers"].Values![1][1].GetProperty("type").GetString());

        var unfinished = await Assert.ThrowsAsync<TrainingServiceException>(() => client.TuningJobs.DeleteAsync(queued.Id));
        Assert.True(unfinished.IsConflict);

        var cancelling = await client.TuningJobs.CancelAsync(queued.Id);
        Assert.Equal(queued.Id, cancelling.Id);
        var ended = await Eventually.GetAsync(() => client.TuningJobs.GetAsync(queued.Id), t => t.IsFinished, TimeSpan.FromMinutes(2), $"tuning job {queued.Id} to end");
        Assert.Equal(TrainingJobStatus.Cancelled, ended.Status);
        Assert.Equal(0, ended.Trials.Succeeded);
        // The search ends at once; a running trial stops within a batch (Cancelling until then).
        var trials = await Eventually.GetAsync(() => client.TuningJobs.GetTrialsAsync(queued.Id), ts => ts.All(t => t.Status is not (TrainingJobStatus.Queued or TrainingJobStatus.Running or TrainingJobStatus.Cancelling)), TimeSpan.FromMinutes(1), "trials to end");
        Assert.All(trials, t => Assert.Equal(TrainingJobStatus.Cancelled, t.Status));

        await client.TuningJobs.DeleteAsync(queued.Id);
    }

    [Fact]
    public async Task CreateAsync_PathOutsideTheBaseModel_ThrowsValidationErrorNamingThePath()
    {
        var dataset = await ClientScenario.UploadAsync(client, ClientScenario.IrisCsv);

        var error = await Assert.ThrowsAsync<TrainingServiceException>(() => client.TuningJobs.CreateAsync(new TuningJobRequest(dataset.Id)
        {
            BaseModel = ClientScenario.Classifier(),
            SearchSpace = new Dictionary<string, SearchDimension> { ["layers[5].units"] = SearchDimension.IntRange(4, 64, log: true) },
        }));

        Assert.True(error.IsValidationError);
        Assert.Contains("searchSpace['layers[5].units']", error.Errors.Keys);
    }

    /// <summary>A grid of two learning rates over an inline classifier, 2 epochs each, maximizing validation accuracy, no pruning.</summary>
    private static TuningJobRequest TwoPointGrid(Guid datasetId, string name, int maxParallel) => new(datasetId)
    {
        BaseModel = ClientScenario.Classifier(name),
        Epochs = 2,
        BatchSize = 16,
        Objective = new TuningObjective("validationAccuracy"),
        Strategy = "grid",
        MaxParallel = maxParallel,
        SearchSpace = new Dictionary<string, SearchDimension> { ["optimizer.learningRate"] = SearchDimension.FloatValues(0.01, 0.05) },
        Pruning = new TuningPruning(Enabled: false),
    };
}
