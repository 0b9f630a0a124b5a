using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Models;
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
