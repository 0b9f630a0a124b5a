using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Core.Data;
using TrainingService.Core.Training;

namespace TrainingService.Api.Tests.Training;

/// <summary>Deleting finished jobs that really trained, with a worker in the Api.</summary>
public sealed class TrainingJobDeleteTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly object[] Rows = [new { x = 1.9, y = 1.7, shade = "dark" }];

    [Fact]
    public async Task Delete_FinishedJob_Returns204AndRemovesItsHistoryModelAndPredictions()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await CreateModelAndDatasetAsync(client);
        Guid kept = await TrainAsync(client, model, dataset);
        Guid job = await TrainAsync(client, model, dataset);
        Guid ownPrediction = await PredictAsync(client, model, job);
        Guid otherPrediction = await PredictAsync(client, model, kept);

        var response = await client.DeleteAsync($"/api/training-jobs/{job}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/training-jobs/{job}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/training-jobs/{job}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/training-jobs/{job}/model")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/models/{model}/predictions/{ownPrediction}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/models/{model}/predictions/{otherPrediction}")).StatusCode);
        Assert.Equal((0, 0, 0, 0), await CountRowsOfAsync(job));
        // The job's network was kept in memory by its prediction; it must not be served once the job is gone.
        var afterDelete = await client.PostAsJsonAsync($"/api/models/{model}/predictions", new { rows = Rows, trainingJobId = job });
        Assert.Equal(HttpStatusCode.BadRequest, afterDelete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/training-jobs/{job}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/training-jobs/{kept}/model")).StatusCode);
    }

    [Fact]
    public async Task Delete_LatestTrainedJob_PointsModelAtNextLatestJobWithATrainedModel()
    {
        var client = factory.CreateClient();
        var (model, dataset) = await CreateModelAndDatasetAsync(client);
        Guid first = await TrainAsync(client, model, dataset);
        Guid second = await TrainAsync(client, model, dataset);
        Guid third = await TrainAsync(client, model, dataset);
        // Ended later than all of them but without a trained model: never a fallback.
        Guid failed = await InsertFailedJobAsync(model, dataset);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/training-jobs/{second}")).StatusCode);
        Assert.Equal(third, await LatestTrainingJobAsync(client, model));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/training-jobs/{third}")).StatusCode);
        Assert.Equal(first, await LatestTrainingJobAsync(client, model));
        var prediction = await client.PostAsJsonAsync($"/api/models/{model}/predictions", new { rows = Rows });
        Assert.Equal(first, (await prediction.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trainingJobId").GetGuid());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/training-jobs/{first}")).StatusCode);
        Assert.Null(await LatestTrainingJobAsync(client, model));
        var untrained = await client.PostAsJsonAsync($"/api/models/{model}/predictions", new { rows = Rows });
        Assert.Equal(HttpStatusCode.Conflict, untrained.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/training-jobs/{failed}")).StatusCode);
    }

    [Fact]
    public async Task Delete_UnknownJob_Returns404Problem()
    {
        var id = Guid.NewGuid();

        var response = await factory.CreateClient().DeleteAsync($"/api/training-jobs/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(id.ToString(), (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    private static async Task<(Guid Model, Guid Dataset)> CreateModelAndDatasetAsync(HttpClient client) =>
        (await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label")),
         await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(rows: 120)));

    private static async Task<Guid> TrainAsync(HttpClient client, Guid model, Guid dataset)
    {
        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 2, batchSize = 16 });
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job);
        Assert.True(finished.GetProperty("status").GetString() == "succeeded", $"job {job} did not succeed: {finished}");
        return job;
    }

    private static async Task<Guid> PredictAsync(HttpClient client, Guid model, Guid job)
    {
        var response = await client.PostAsJsonAsync($"/api/models/{model}/predictions", new { rows = Rows, trainingJobId = job });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<Guid?> LatestTrainingJobAsync(HttpClient client, Guid model)
    {
        var latest = (await client.GetFromJsonAsync<JsonElement>($"/api/models/{model}")).GetProperty("latestTrainingJobId");
        return latest.ValueKind == JsonValueKind.Null ? null : latest.GetGuid();
    }

    private async Task<Guid> InsertFailedJobAsync(Guid model, Guid dataset)
    {
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        var job = new TrainingJob
        {
            Id = Guid.NewGuid(), ModelId = model, DatasetId = dataset, RecordedDatasetId = dataset, RecordedDatasetName = "d",
            Status = TrainingJobStatus.Failed, Parameters = new(), Epochs = 2, CreatedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow.AddHours(1),
        };
        db.TrainingJobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }

    private async Task<(int Epochs, int Checkpoints, int TrainedModels, int Predictions)> CountRowsOfAsync(Guid job)
    {
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        // Unfiltered: the rows must be gone from the table, not merely hidden with their deleted job.
        return (await db.TrainingEpochs.IgnoreQueryFilters().CountAsync(e => e.TrainingJobId == job),
            await db.TrainingCheckpoints.IgnoreQueryFilters().CountAsync(c => c.TrainingJobId == job),
            await db.TrainedModels.IgnoreQueryFilters().CountAsync(t => t.TrainingJobId == job),
            await db.Predictions.IgnoreQueryFilters().CountAsync(p => p.TrainingJobId == job));
    }
}
