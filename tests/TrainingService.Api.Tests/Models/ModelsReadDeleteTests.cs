using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Core.Data;
using TrainingService.Core.Datasets;
using TrainingService.Core.Training;

namespace TrainingService.Api.Tests.Models;

public sealed class ModelsReadDeleteTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Get_UnknownId_Returns404Problem()
    {
        var id = Guid.NewGuid();

        var response = await factory.CreateClient().GetAsync($"/api/models/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(id.ToString(), (await ModelJson.ReadAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task List_Paged_ReturnsNewestFirstWithTotal()
    {
        var client = factory.CreateClient();
        long before = (await ModelJson.ReadAsync(await client.GetAsync("/api/models"))).GetProperty("total").GetInt64();
        Guid first = await ModelJson.CreateAsync(client, "page-1");
        Guid second = await ModelJson.CreateAsync(client, "page-2");
        Guid third = await ModelJson.CreateAsync(client, "page-3");

        var page1 = await ModelJson.ReadAsync(await client.GetAsync("/api/models?offset=0&limit=2"));
        var page2 = await ModelJson.ReadAsync(await client.GetAsync("/api/models?offset=2&limit=1"));

        Assert.Equal(before + 3, page1.GetProperty("total").GetInt64());
        Assert.Equal([third, second], page1.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()));
        Assert.Equal(2, page1.GetProperty("limit").GetInt32());
        Assert.Equal(first, Assert.Single(page2.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(2, page2.GetProperty("offset").GetInt32());
    }

    [Fact]
    public async Task List_LimitOutOfRange_Returns400AtLimit()
    {
        var response = await factory.CreateClient().GetAsync("/api/models?limit=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(ModelJson.Errors(await ModelJson.ReadAsync(response), "limit"));
    }

    [Fact]
    public async Task Delete_Existing_Returns204ThenGetReturns404()
    {
        var client = factory.CreateClient();
        Guid id = await ModelJson.CreateAsync(client, "to-delete");

        var deleted = await client.DeleteAsync($"/api/models/{id}");
        var fetched = await client.GetAsync($"/api/models/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, fetched.StatusCode);
    }

    [Fact]
    public async Task Delete_UnknownId_Returns404()
    {
        var response = await factory.CreateClient().DeleteAsync($"/api/models/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(TrainingJobStatus.Queued)]
    [InlineData(TrainingJobStatus.Running)]
    public async Task Delete_WithLiveTrainingJob_Returns409AndKeepsModel(TrainingJobStatus status)
    {
        var client = factory.CreateClient();
        Guid id = await ModelJson.CreateAsync(client, "busy");
        await InsertJobAsync(id, status);

        var response = await client.DeleteAsync($"/api/models/{id}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/models/{id}")).StatusCode);
    }

    [Fact]
    public async Task Delete_WithLiveTrainingJob_Returns409NamingJob()
    {
        var client = factory.CreateClient();
        Guid id = await ModelJson.CreateAsync(client, "busy-named");
        Guid jobId = await InsertJobAsync(id, TrainingJobStatus.Queued);

        var problem = await ModelJson.ReadAsync(await client.DeleteAsync($"/api/models/{id}"));

        Assert.Equal(jobId.ToString(), Assert.Single(problem.GetProperty("trainingJobIds").EnumerateArray()).GetString());
        Assert.Contains(jobId.ToString(), problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Delete_WithFinishedTrainingJob_Returns204AndDeletesJob()
    {
        var client = factory.CreateClient();
        Guid id = await ModelJson.CreateAsync(client, "done");
        Guid jobId = await InsertJobAsync(id, TrainingJobStatus.Succeeded);

        var response = await client.DeleteAsync($"/api/models/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        Assert.Null(await db.TrainingJobs.FindAsync(jobId));
    }

    private async Task<Guid> InsertJobAsync(Guid modelId, TrainingJobStatus status)
    {
        using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        var dataset = new Dataset { Id = Guid.NewGuid(), Name = "d", CreatedAt = DateTimeOffset.UtcNow };
        var job = new TrainingJob
        {
            Id = Guid.NewGuid(), ModelId = modelId, DatasetId = dataset.Id, RecordedDatasetId = dataset.Id, RecordedDatasetName = dataset.Name, Status = status, Parameters = new(), CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Datasets.Add(dataset);
        db.TrainingJobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }
}
