using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrainingService.Api.Tests.Training;

/// <summary>
/// A job cancelled after at least one epoch keeps a model of a completed epoch (out of time: see
/// <see cref="QueuedTrainingJobTests"/> and <see cref="SpentBudgetTests"/>). Jobs run by the test's hand (no worker); a
/// kept model is compared byte for byte with a job trained for exactly that many epochs (same seed and data: the same weights).
/// </summary>
public sealed class KeepBestTests(QueuedOnlyApiFactory factory) : IClassFixture<QueuedOnlyApiFactory>
{
    private static readonly object[] Rows = [new { x = 1.0, y = 1.0, shade = "dark" }];

    [Fact]
    public async Task Cancel_AfterEpochs_KeepsTheLastCompletedEpochsModel()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await SetUpAsync(client);
        Guid job = await StartAsync(client, model, dataset, epochs: 200);

        var run = factory.RunJobAsync(job, CancellationToken.None);
        await factory.WaitForEpochAsync(job, 2);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/training-jobs/{job}/cancel", null)).StatusCode);
        await run;
        var ended = await TrainingScenario.GetJobAsync(client, job);

        Assert.Equal("cancelled", ended.GetProperty("status").GetString());
        Assert.Equal("cancelled", ended.GetProperty("stopReason").GetString());
        int epochs = ended.GetProperty("epochsCompleted").GetInt32();
        Assert.InRange(epochs, 2, 199);
        Assert.Equal(JsonValueKind.Object, ended.GetProperty("evaluation").ValueKind);
        var prediction = await client.PostAsJsonAsync($"/api/models/{model}/predictions", new { trainingJobId = job, rows = Rows });
        Assert.Equal(HttpStatusCode.Created, prediction.StatusCode);
        // A cancelled job is predicted with by name (or pin), never as the model's latest.
        Assert.Equal(JsonValueKind.Null, (await client.GetFromJsonAsync<JsonElement>($"/api/models/{model}")).GetProperty("latestTrainingJobId").ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/models/{model}/production", new { trainingJobId = job })).StatusCode);

        Guid straight = await StartAsync(client, model, dataset, epochs);
        await factory.RunJobAsync(straight, CancellationToken.None);
        Assert.Equal(await DownloadAsync(client, straight), await DownloadAsync(client, job));
    }

    [Fact]
    public async Task Cancel_WithEarlyStoppingKeepingBest_KeepsTheBestEpochsModel()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await SetUpAsync(client);
        // minDelta so large that only epoch 1 improves: it stays the best however long the job runs.
        var earlyStopping = new { monitor = "validationLoss", patience = 10_000, minDelta = 1e9, restoreBestWeights = true };
        Guid job = await StartAsync(client, model, dataset, epochs: 200, earlyStopping);

        var run = factory.RunJobAsync(job, CancellationToken.None);
        await factory.WaitForEpochAsync(job, 3);
        await client.PostAsync($"/api/training-jobs/{job}/cancel", null);
        await run;
        var ended = await TrainingScenario.GetJobAsync(client, job);

        Assert.Equal("cancelled", ended.GetProperty("status").GetString());
        Assert.True(ended.GetProperty("epochsCompleted").GetInt32() >= 3);
        Assert.Equal(1, ended.GetProperty("bestEpoch").GetInt32());
        Guid oneEpoch = await StartAsync(client, model, dataset, epochs: 1, earlyStopping);
        await factory.RunJobAsync(oneEpoch, CancellationToken.None);
        Assert.Equal(await DownloadAsync(client, oneEpoch), await DownloadAsync(client, job));
    }

    [Fact]
    public async Task Cancel_BeforeTheFirstEpoch_KeepsNoModel()
    {
        var client = factory.CreateClient();
        // Batches of one over 60,000 rows through two 1024-wide layers (a million weights updated per batch): the first
        // epoch takes tens of seconds, the cancel poll half a second. (A 64-unit layer's epoch once finished within the
        // poll, after single-row batches stopped packing their weights.)
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(60_000));
        var definition = TrainingScenario.Model("classification", "label", hiddenUnits: 1024);
        definition["layers"]!.AsArray().Add(new JsonObject { ["type"] = "dense", ["units"] = 1024, ["activation"] = "relu" });
        Guid model = await TrainingScenario.CreateModelAsync(client, definition);
        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 5, batchSize = 1 });
        await factory.ExecuteAsync("UPDATE training_jobs SET cancel_requested = true WHERE id = $1", job);

        await factory.RunJobAsync(job, CancellationToken.None);
        var ended = await TrainingScenario.GetJobAsync(client, job);

        Assert.Equal("cancelled", ended.GetProperty("status").GetString());
        Assert.Equal(0, ended.GetProperty("epochsCompleted").GetInt32());
        // As for any job without a trained model: 409 "no trained model yet" (404 is for an unknown job).
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync($"/api/training-jobs/{job}/model")).StatusCode);
        var prediction = await client.PostAsJsonAsync($"/api/models/{model}/predictions", new { trainingJobId = job, rows = Rows });
        Assert.Equal(HttpStatusCode.Conflict, prediction.StatusCode);
    }

    private static async Task<(Guid Model, Guid Dataset)> SetUpAsync(HttpClient client)
    {
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(3000));
        var definition = TrainingScenario.Model("classification", "label", hiddenUnits: 128);
        definition["layers"]!.AsArray().Add(new JsonObject { ["type"] = "dropout", ["rate"] = 0.2 });
        return (await TrainingScenario.CreateModelAsync(client, definition), dataset);
    }

    private static Task<Guid> StartAsync(HttpClient client, Guid model, Guid dataset, int epochs, object? earlyStopping = null, int? maxRuntimeSeconds = null) =>
        TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs, batchSize = 4, validationSplit = 0.2, earlyStopping, maxRuntimeSeconds });

    private static Task<byte[]> DownloadAsync(HttpClient client, Guid job) => client.GetByteArrayAsync($"/api/training-jobs/{job}/model");
}
