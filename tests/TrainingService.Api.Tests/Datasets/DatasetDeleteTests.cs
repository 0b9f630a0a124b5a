using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Models;
using TrainingService.Api.Tests.Training;
using TrainingService.Core.Data;
using TrainingService.Core.Models;
using TrainingService.Core.Training;
using static TrainingService.Api.Tests.Datasets.DatasetRequests;

namespace TrainingService.Api.Tests.Datasets;

public sealed class DatasetDeleteTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Delete_UnusedDataset_Returns204ThenGetReturns404()
    {
        var client = factory.CreateClient();
        string id = (await UploadOkAsync(client, "a\n1\n2\n")).GetProperty("id").GetString()!;

        var deleted = await client.DeleteAsync($"/api/datasets/{id}");
        var after = await client.GetAsync($"/api/datasets/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/datasets/{id}")).StatusCode);
    }

    [Theory]
    [InlineData(TrainingJobStatus.Queued, false)]
    [InlineData(TrainingJobStatus.Running, true)]
    public async Task Delete_UsedByLiveTrainingJob_Returns409NamingJob(TrainingJobStatus status, bool asValidationDataset)
    {
        var client = factory.CreateClient();
        var id = Guid.Parse((await UploadOkAsync(client, "a\n1\n")).GetProperty("id").GetString()!);
        var other = Guid.Parse((await UploadOkAsync(client, "a\n2\n")).GetProperty("id").GetString()!);
        Guid jobId = await InsertJobAsync(asValidationDataset ? other : id, asValidationDataset ? id : null, status);

        var response = await client.DeleteAsync($"/api/datasets/{id}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await JsonAsync(response);
        Assert.Equal(jobId.ToString(), problem.GetProperty("trainingJobIds")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/datasets/{id}")).StatusCode);
    }

    [Fact]
    public async Task Delete_UsedOnlyByFinishedJob_Returns204()
    {
        var client = factory.CreateClient();
        var id = Guid.Parse((await UploadOkAsync(client, "a\n1\n")).GetProperty("id").GetString()!);
        await InsertJobAsync(id, null, TrainingJobStatus.Succeeded);

        var response = await client.DeleteAsync($"/api/datasets/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Delete_DatasetsOfSucceededJob_KeepsJobHistoryModelAndPredictionsWithDatasetRecord()
    {
        var client = factory.CreateClient();
        var (train, trainName) = await UploadNamedAsync(client, TrainingScenario.ClassificationCsv(rows: 120), "train.csv");
        var (validation, validationName) = await UploadNamedAsync(client, TrainingScenario.ClassificationCsv(rows: 50, seed: 3), "holdout.csv");
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));
        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = train, validationDatasetId = validation, epochs = 3, batchSize = 16 });
        Assert.Equal("succeeded", (await TrainingScenario.WaitUntilFinishedAsync(client, job)).GetProperty("status").GetString());
        var rows = new[] { new { x = 1.9, y = 1.7, shade = "dark" } };
        var before = await client.PostAsJsonAsync($"/api/models/{model}/predictions", new { rows });
        Guid prediction = (await JsonAsync(before)).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/datasets/{train}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/datasets/{validation}")).StatusCode);

        var kept = await TrainingScenario.GetJobAsync(client, job);
        Assert.Equal("succeeded", kept.GetProperty("status").GetString());
        Assert.Equal(train, kept.GetProperty("datasetId").GetGuid());
        AssertDatasetRecord(kept.GetProperty("dataset"), train, trainName, rowCount: 120);
        Assert.Equal(validation, kept.GetProperty("validationDatasetId").GetGuid());
        AssertDatasetRecord(kept.GetProperty("validationDataset"), validation, validationName, rowCount: 50);
        Assert.Equal(3, (await TrainingScenario.GetHistoryAsync(client, job)).Length);
        var download = await client.GetAsync($"/api/training-jobs/{job}/model");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.NotEmpty(await download.Content.ReadAsByteArrayAsync());
        var after = await client.PostAsJsonAsync($"/api/models/{model}/predictions", new { rows });
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(job, (await JsonAsync(after)).GetProperty("trainingJobId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/models/{model}/predictions/{prediction}")).StatusCode);
        Assert.Equal(job, (await client.GetFromJsonAsync<JsonElement>($"/api/models/{model}")).GetProperty("latestTrainingJobId").GetGuid());
        var listed = await client.GetFromJsonAsync<JsonElement>($"/api/training-jobs?datasetId={train}");
        Assert.Equal(job, listed.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    private static void AssertDatasetRecord(JsonElement record, Guid id, string name, long rowCount)
    {
        Assert.Equal(id, record.GetProperty("id").GetGuid());
        Assert.Equal(name, record.GetProperty("name").GetString());
        Assert.Equal(rowCount, record.GetProperty("rowCount").GetInt64());
        Assert.True(record.GetProperty("deleted").GetBoolean(), $"dataset {id} is deleted: {record}");
    }

    private static async Task<(Guid Id, string Name)> UploadNamedAsync(HttpClient client, string csv, string fileName)
    {
        var dataset = await UploadOkAsync(client, csv, fileName);
        return (dataset.GetProperty("id").GetGuid(), dataset.GetProperty("name").GetString()!);
    }

    private async Task<Guid> InsertJobAsync(Guid datasetId, Guid? validationDatasetId, TrainingJobStatus status)
    {
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        var model = new Model { Id = Guid.NewGuid(), Name = "m", Definition = ModelDefinitions.Minimal, CreatedAt = DateTimeOffset.UtcNow };
        var job = new TrainingJob
        {
            Id = Guid.NewGuid(),
            ModelId = model.Id,
            DatasetId = datasetId,
            ValidationDatasetId = validationDatasetId,
            RecordedDatasetId = datasetId,
            RecordedDatasetName = "d",
            RecordedValidationDatasetId = validationDatasetId,
            RecordedValidationDatasetName = validationDatasetId is null ? null : "v",
            RecordedValidationDatasetRowCount = validationDatasetId is null ? null : 1,
            Status = status,
            Parameters = new(),
            Epochs = 1,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Models.Add(model);
        db.TrainingJobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }
}
