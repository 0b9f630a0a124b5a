using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Core.Data;
using TrainingService.Core.Training;

namespace TrainingService.Api.Tests.Training;

/// <summary>Deleting jobs that have not ended, or ended before a worker fetched them; no worker runs here.</summary>
public sealed class TrainingJobDeleteUnfinishedTests(QueuedOnlyApiFactory factory) : IClassFixture<QueuedOnlyApiFactory>
{
    [Theory]
    [InlineData(TrainingJobStatus.Queued)]
    [InlineData(TrainingJobStatus.Running)]
    public async Task Delete_QueuedOrRunningJob_Returns409AndKeepsIt(TrainingJobStatus status)
    {
        var client = factory.CreateClient();
        Guid job = await CreateJobAsync(client);
        await SetStatusAsync(job, status);

        var response = await client.DeleteAsync($"/api/training-jobs/{job}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        string detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains(status.ToString().ToLowerInvariant(), detail);
        Assert.Contains("cancel", detail);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/training-jobs/{job}")).StatusCode);
        Assert.Equal(EnqueuedState.StateName, HangfireState(await HangfireJobIdAsync(job)));
    }

    [Fact]
    public async Task Delete_JobCancelledWhileQueued_Returns204AndDeletesItsHangfireJob()
    {
        var client = factory.CreateClient();
        Guid job = await CreateJobAsync(client);
        string hangfireJobId = await HangfireJobIdAsync(job);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/training-jobs/{job}/cancel", null)).StatusCode);

        var response = await client.DeleteAsync($"/api/training-jobs/{job}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/training-jobs/{job}")).StatusCode);
        Assert.Equal(DeletedState.StateName, HangfireState(hangfireJobId));
    }

    private static async Task<Guid> CreateJobAsync(HttpClient client)
    {
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(rows: 40));
        return await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 1, batchSize = 8 });
    }

    private async Task SetStatusAsync(Guid job, TrainingJobStatus status)
    {
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        await db.TrainingJobs.Where(j => j.Id == job).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, status));
    }

    private async Task<string> HangfireJobIdAsync(Guid job)
    {
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        return await db.TrainingJobs.Where(j => j.Id == job).Select(j => j.HangfireJobId!).SingleAsync();
    }

    private string? HangfireState(string hangfireJobId)
    {
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetJobData(hangfireJobId)?.State;
    }
}
