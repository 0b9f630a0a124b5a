using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TrainingService.Core.Training;

namespace TrainingService.Api.Tests.Training;

/// <summary>
/// A job cancelled or out of time after at least one epoch keeps a model of a completed epoch. Jobs run by the test's
/// hand (no worker), as in <see cref="QueuedTrainingJobTests"/>; a kept model is compared byte for byte with an
/// uninterrupted job trained for exactly that many epochs (same seed and data: the same weights).
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

        var run = RunJobAsync(job, CancellationToken.None);
        await WaitForEpochAsync(job, 2);
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
        await RunJobAsync(straight, CancellationToken.None);
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

        var run = RunJobAsync(job, CancellationToken.None);
        await WaitForEpochAsync(job, 3);
        await client.PostAsync($"/api/training-jobs/{job}/cancel", null);
        await run;
        var ended = await TrainingScenario.GetJobAsync(client, job);

        Assert.Equal("cancelled", ended.GetProperty("status").GetString());
        Assert.True(ended.GetProperty("epochsCompleted").GetInt32() >= 3);
        Assert.Equal(1, ended.GetProperty("bestEpoch").GetInt32());
        Guid oneEpoch = await StartAsync(client, model, dataset, epochs: 1, earlyStopping);
        await RunJobAsync(oneEpoch, CancellationToken.None);
        Assert.Equal(await DownloadAsync(client, oneEpoch), await DownloadAsync(client, job));
    }

    [Fact]
    public async Task MaxRuntime_SpentOverEarlierAttempts_KeepsTheCheckpointEpochsModel()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await SetUpAsync(client);
        Guid job = await StartAsync(client, model, dataset, epochs: 200, maxRuntimeSeconds: 3600);
        using var shutdown = new CancellationTokenSource();
        var firstRun = RunJobAsync(job, shutdown.Token);
        await WaitForEpochAsync(job, 2);
        await shutdown.CancelAsync();
        await Record.ExceptionAsync(() => firstRun);
        int checkpointEpoch = (await CheckpointEpochAsync(job))!.Value;
        // As if the earlier attempts had run for more than the hour the job may take.
        await ExecuteAsync("UPDATE training_checkpoints SET run_time = interval '61 minutes' WHERE training_job_id = $1", job);

        await RunJobAsync(job, CancellationToken.None);
        var ended = await TrainingScenario.GetJobAsync(client, job);

        Assert.Equal("succeeded", ended.GetProperty("status").GetString());
        Assert.Equal("maxRuntime", ended.GetProperty("stopReason").GetString());
        Assert.Equal(checkpointEpoch, ended.GetProperty("epochsCompleted").GetInt32());
        var prediction = await client.PostAsJsonAsync($"/api/models/{model}/predictions", new { rows = Rows });
        Assert.Equal(HttpStatusCode.Created, prediction.StatusCode);
        Assert.Equal(job, (await prediction.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trainingJobId").GetGuid());
        Guid straight = await StartAsync(client, model, dataset, checkpointEpoch);
        await RunJobAsync(straight, CancellationToken.None);
        Assert.Equal(await DownloadAsync(client, straight), await DownloadAsync(client, job));
    }

    [Fact]
    public async Task Cancel_BeforeTheFirstEpoch_KeepsNoModel()
    {
        var client = factory.CreateClient();
        // Batches of one over 60,000 rows: the first epoch outlasts the cancel poll by far.
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(60_000));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label", hiddenUnits: 64));
        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 5, batchSize = 1 });
        await ExecuteAsync("UPDATE training_jobs SET cancel_requested = true WHERE id = $1", job);

        await RunJobAsync(job, CancellationToken.None);
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

    /// <summary>The job class from the Api's container on a pool thread, as a worker runs it (see <see cref="QueuedTrainingJobTests"/>).</summary>
    private Task RunJobAsync(Guid job, CancellationToken ct) => Task.Run(async () =>
    {
        await using var scope = factory.CreateTenantScope();
        await scope.ServiceProvider.GetRequiredService<TrainingJobRunner>().RunAsync(job, ct);
    });

    private async Task<int?> CheckpointEpochAsync(Guid job)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT epoch FROM training_checkpoints WHERE training_job_id = $1", connection) { Parameters = { new() { Value = job } } };
        return (int?)await query.ExecuteScalarAsync();
    }

    private async Task ExecuteAsync(string sql, Guid job)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = job } } };
        await command.ExecuteNonQueryAsync();
    }

    private async Task WaitForEpochAsync(Guid job, int epoch)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT epochs_completed FROM training_jobs WHERE id = $1", connection) { Parameters = { new() { Value = job } } };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while ((int)(await query.ExecuteScalarAsync())! < epoch)
        {
            Assert.True(DateTime.UtcNow < deadline, $"job {job} never reached epoch {epoch}");
            await Task.Delay(20);
        }
    }

    private static Task<byte[]> DownloadAsync(HttpClient client, Guid job) => client.GetByteArrayAsync($"/api/training-jobs/{job}/model");
}
